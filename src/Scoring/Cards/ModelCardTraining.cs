namespace Lepton.Monitor.Scoring;

/// <summary>How and on what the model was trained.</summary>
public sealed record ModelCardTraining
{
    /// <summary>Data generator identifier (<see cref="SyntheticTransactionGenerator.Name"/> for the shipped model).</summary>
    public required string Generator { get; init; }
    public required int Seed { get; init; }

    /// <summary>All generated rows (training + held-out).</summary>
    public required int Rows { get; init; }

    /// <summary>Positive labels among <see cref="Rows"/>.</summary>
    public required int Positives { get; init; }
    public required string Description { get; init; }
    public int TrainRows { get; init; }
    public int HiddenSize { get; init; }
    public int Epochs { get; init; }
    public string Optimizer { get; init; } = "";

    /// <summary>How <see cref="ModelCard.Threshold"/> was chosen.</summary>
    public string ThresholdRule { get; init; } = "";
}
