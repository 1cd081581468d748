namespace Lepton.Monitor.Contracts;

/// <summary>
/// What `GET /v1/drift` shows for one (tenant, jurisdiction): the monitored model, the current window, the latest check,
/// the check history (bounded) and the fairness of alert rates per sensitive attribute.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.drift-view.v1")]
public sealed record DriftView(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Jurisdiction,
    [property: Id(2)] string ModelId,
    [property: Id(3)] string[] FeatureNames,
    [property: Id(4)] long WindowRecords,
    [property: Id(5)] DriftCheckView? Current,
    [property: Id(6)] DriftHistoryEntry[] History,
    [property: Id(7)] FairnessAttributeView[] Fairness,
    [property: Id(8)] DateTimeOffset? FairnessCheckedAt,
    [property: Id(9)] int SummaryMemoryBytes);
