namespace Lepton.Monitor.Scoring;

/// <summary>The model families a card names (<see cref="ModelCard.Family"/>): what serving reads and training builds.</summary>
public static class ModelFamily
{
    /// <summary>An F → H → 1 perceptron; the family of the shipped default model.</summary>
    public const string Mlp = "mlp";

    /// <summary>Gradient-boosted trees, served through ai.onnx.ml TreeEnsembleRegressor.</summary>
    public const string Gbdt = "gbdt";

    public static IReadOnlyList<string> All { get; } = [Mlp, Gbdt];
}
