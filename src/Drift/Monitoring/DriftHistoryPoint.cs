namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// The compact trace of one check kept for charts (`GET /v1/drift`): the dataset verdict, the score's metrics and each
/// feature's PSI and normalised Wasserstein in the monitor's feature order, with the indices of the drifted features.
/// </summary>
public sealed record DriftHistoryPoint(
    DateTimeOffset CheckedAt,
    long WindowRecords,
    double DriftedShare,
    bool DatasetDrift,
    bool Drifted,
    double ScorePsi,
    double ScoreKsPValue,
    double ScoreWassersteinNormed,
    IReadOnlyList<float> FeaturePsi,
    IReadOnlyList<float> FeatureWassersteinNormed,
    IReadOnlyList<int> DriftedFeatures);
