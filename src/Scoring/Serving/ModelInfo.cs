namespace Lepton.Monitor.Scoring;

/// <summary>The model a scoring service serves.</summary>
/// <param name="ModelId"><c>name-version</c>; written into <see cref="Contracts.ModelScore.ModelVersion"/>.</param>
/// <param name="Device">"cpu" or "cuda": where ONNX Runtime actually runs it.</param>
/// <param name="Threshold">Serving threshold from the card: a score at or above it is a model hit.</param>
public sealed record ModelInfo(
    string Name,
    string Version,
    string ModelId,
    string Device,
    double Threshold,
    IReadOnlyList<string> FeatureNames,
    string ModelPath,
    ModelCard Card);
