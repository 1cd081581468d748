namespace Lepton.Monitor.Contracts;

/// <summary>A request to put <see cref="ModelId"/> at <see cref="Stage"/> (promote, demote, retire) for one (tenant, jurisdiction).</summary>
[GenerateSerializer, Immutable, Alias("lepton.model-stage-change.v1")]
public sealed record ModelStageChange(
    [property: Id(0)] string ModelId,
    [property: Id(1)] ModelStage Stage,
    [property: Id(2)] double CanaryShare,
    [property: Id(3)] string ChangedBy);
