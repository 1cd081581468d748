namespace Lepton.Monitor.Scoring;

/// <summary>Names and metadata written into an exported MLP graph.</summary>
internal sealed record MlpOnnxModelDescription(
    string Name,
    string Version,
    string InputName,
    string OutputName,
    IReadOnlyList<string> FeatureNames,
    string DocString);
