namespace Lepton.Monitor.Ingest;

/// <summary>
/// <c>Lepton:Parked</c>: how often the replayer looks for due parked records and how many it takes at once.
/// The retry backoff itself (<c>RetryDelay</c>, <c>MaxRetryDelay</c>) is the store's, read by the storage registration.
/// </summary>
public sealed class ParkedReplayOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Records taken per round; a full round is followed by the next at once (draining after an outage).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Records one operator replay covers at most; the answer says when more matched.</summary>
    public int OperatorReplayMax { get; set; } = 500;

    /// <summary>Longest wait after the replayer's own failures (the store down), doubling from <see cref="PollInterval"/>.</summary>
    public TimeSpan MaxErrorBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
