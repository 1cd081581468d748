namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>
/// Rule evaluation throughput with every shipped pack enabled, and what the entity windows cost in memory.
/// <see cref="RecordsPerSecond"/> counts input records; each is evaluated by every pack it is routed to
/// (<see cref="EvaluationsPerRecord"/> on average).
/// </summary>
public sealed record RuleBenchmarkResult(
    int Records,
    double EvaluationsPerRecord,
    double RecordsPerSecond,
    long Candidates,
    int TrackedEntities,
    double ApproximateBytesPerEntity,
    double MeasuredBytesPerEntity,
    long AllocatedBytesPerRecord);
