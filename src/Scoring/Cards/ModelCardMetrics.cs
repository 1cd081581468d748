namespace Lepton.Monitor.Scoring;

/// <summary>Held-out metrics of the written model (scored by ONNX Runtime), at the card's threshold.</summary>
public sealed record ModelCardMetrics
{
    public required double Precision { get; init; }
    public required double Recall { get; init; }
    public required double F1 { get; init; }
    public required double RocAuc { get; init; }
    public required int HeldOutRows { get; init; }

    /// <summary>ROC-AUC of the generator's own latent risk probabilities on the same rows: the ceiling the label noise allows.</summary>
    public double ReferenceRocAuc { get; init; }
    public int HeldOutPositives { get; init; }
    public int TruePositives { get; init; }
    public int FalsePositives { get; init; }
    public int FalseNegatives { get; init; }
}
