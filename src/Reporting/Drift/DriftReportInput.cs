namespace Lepton.Monitor.Reporting.Drift;

/// <summary>
/// What a drift report draws: one table row per feature with its statistics (columns are the union of metric names,
/// in first-seen order) and one reference-vs-current chart per feature that has a histogram. No features gives a page
/// that says so.
/// </summary>
public sealed record DriftReportInput(IReadOnlyList<DriftFeatureInput> Features)
{
    public string Title { get; init; } = "Drift";

    /// <summary>Reference and current file names, shown under the title.</summary>
    public string? Source { get; init; }

    /// <summary>The dataset verdict; null when not computed.</summary>
    public bool? DatasetDrift { get; init; }

    /// <summary>Headline figures (drifted share, thresholds …), formatted by the caller.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];

    public DateTimeOffset? GeneratedAt { get; init; }
}
