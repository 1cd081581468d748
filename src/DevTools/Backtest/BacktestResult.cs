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
    /// <summary>Each scored record's id and model score (the highest over its jurisdictions), when asked for; else null.</summary>
    public IReadOnlyList<(string RecordId, double Score)>? ModelScores { get; init; }

    /// <summary>The truth file's planted kinds by record id, when one was given and model scores were kept.</summary>
    public IReadOnlyDictionary<string, string[]>? PlantedById { get; init; }


    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Accepted / Elapsed.TotalSeconds : 0;
}
