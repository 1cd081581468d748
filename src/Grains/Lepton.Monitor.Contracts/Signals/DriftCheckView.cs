namespace Lepton.Monitor.Contracts;

/// <summary>The latest drift check of a (tenant, jurisdiction): every column, the dataset verdict and the episode state.</summary>
[GenerateSerializer, Immutable, Alias("lepton.drift-check.v1")]
public sealed record DriftCheckView(
    [property: Id(0)] DateTimeOffset WindowStart,
    [property: Id(1)] DateTimeOffset CheckedAt,
    [property: Id(2)] long WindowRecords,
    [property: Id(3)] double DriftedShare,
    [property: Id(4)] bool DatasetDrift,
    [property: Id(5)] bool Drifted,
    [property: Id(6)] string Verdict,
    [property: Id(7)] bool EpisodeActive,
    [property: Id(8)] DriftColumnView Score,
    [property: Id(9)] DriftColumnView[] Features,
    [property: Id(10)] bool AdwinAlarm,
    [property: Id(11)] bool PageHinkleyAlarm);
