namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>
/// What a backtest report draws: the per-kind table (and its chart) and, when the model ran with a truth file, the
/// model rule's score histogram by truth label and its precision-recall curve. Empty kinds and a null model give a page
/// that says what is missing and how to get it.
/// </summary>
public sealed record BacktestReportInput(IReadOnlyList<KindScoreRow> Kinds, ModelRuleScores? ModelRule)
{
    /// <summary>Page title.</summary>
    public string Title { get; init; } = "Backtest";

    /// <summary>What was replayed (input and truth file names), shown under the title.</summary>
    public string? Source { get; init; }

    /// <summary>Headline figures (lines, accepted, rejected, candidates, records/s …), formatted by the caller.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];

    /// <summary>Bins of the score histogram.</summary>
    public int HistogramBins { get; init; } = 20;

    /// <summary>Stamp shown on the page; defaults to the time of writing. Tests fix it for reproducible pages.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }
}
