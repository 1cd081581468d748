namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>What a backtest found: volumes, alerts per rule kind, window counters and, with a truth file, scores per kind.</summary>
public sealed record BacktestResult(
    long Lines,
    long Accepted,
    long Rejected,
    long Candidates,
    IReadOnlyDictionary<string, long> CandidatesByKind,
    IReadOnlyList<KindScore>? Scores,
    string? ModelVersion,
    long LateRecords,
    long TooLateRecords,
    long EvictedEntities,
    TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Accepted / Elapsed.TotalSeconds : 0;
}
