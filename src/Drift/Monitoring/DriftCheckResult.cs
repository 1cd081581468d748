namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// One check of a tenant+jurisdiction's window: per-feature and score metrics, the dataset-level verdict and what it
/// did to the alert episode. <see cref="Drifted"/> = dataset drift, or the score drifted (its tests or a streaming
/// detector).
/// </summary>
public sealed record DriftCheckResult(
    DateTimeOffset WindowStart,
    DateTimeOffset CheckedAt,
    long WindowRecords,
    IReadOnlyList<FeatureDriftMetrics> Features,
    FeatureDriftMetrics Score,
    ScoreStreamAlarms ScoreStream,
    double DriftedShare,
    bool DatasetDrift,
    bool Drifted,
    DriftVerdict Verdict,
    EpisodeTransition Transition,
    long EpisodeNumber);
