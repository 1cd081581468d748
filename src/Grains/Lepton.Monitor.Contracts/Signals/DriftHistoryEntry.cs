namespace Lepton.Monitor.Contracts;

/// <summary>One past check, compact for charts: per-feature PSI and normalised Wasserstein in <see cref="DriftView.FeatureNames"/> order.</summary>
[GenerateSerializer, Immutable, Alias("lepton.drift-history.v1")]
public sealed record DriftHistoryEntry(
    [property: Id(0)] DateTimeOffset CheckedAt,
    [property: Id(1)] long WindowRecords,
    [property: Id(2)] double DriftedShare,
    [property: Id(3)] bool DatasetDrift,
    [property: Id(4)] bool Drifted,
    [property: Id(5)] double ScorePsi,
    [property: Id(6)] double ScoreKsPValue,
    [property: Id(7)] double ScoreWassersteinNormed,
    [property: Id(8)] float[] FeaturePsi,
    [property: Id(9)] float[] FeatureWassersteinNormed,
    [property: Id(10)] int[] DriftedFeatures);
