namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>
/// The model rule's view of a backtest: every scored record's score with its truth label, and the score at or above
/// which the rule alerts (null when unknown: no operating point is marked).
/// </summary>
public sealed record ModelRuleScores(IReadOnlyList<LabelledScore> Scores, double? Threshold)
{
    /// <summary>What the positive label means, shown in the legend (e.g. "planted (any kind)").</summary>
    public string PositiveLabel { get; init; } = "planted";

    /// <summary>What the negative label means.</summary>
    public string NegativeLabel { get; init; } = "not planted";

    /// <summary>Model name and version, shown in the section heading when given.</summary>
    public string? ModelVersion { get; init; }
}
