namespace Lepton.Monitor.Scoring;

/// <summary>Names and metadata written into an exported risk-model graph (either family).</summary>
internal sealed record OnnxModelDescription(
    string Name,
    string Version,
    string InputName,
    string OutputName,
    IReadOnlyList<string> FeatureNames,
    string DocString);
