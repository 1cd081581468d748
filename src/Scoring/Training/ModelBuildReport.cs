namespace Lepton.Monitor.Scoring;

/// <summary>What <see cref="ModelBuilder.Build"/> wrote and measured.</summary>
public sealed record ModelBuildReport(
    string OnnxPath,
    string CardPath,
    string? MarkdownPath,
    ModelCard Card,
    TimeSpan Elapsed,
    double MaxExportDifference);
