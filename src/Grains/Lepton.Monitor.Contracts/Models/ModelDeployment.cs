namespace Lepton.Monitor.Contracts;

/// <summary>One model version at a stage for one (tenant, jurisdiction); <see cref="CanaryShare"/> only for canaries (0..1).</summary>
[GenerateSerializer, Immutable, Alias("lepton.model-deployment.v1")]
public sealed record ModelDeployment(
    [property: Id(0)] string ModelId,
    [property: Id(1)] ModelStage Stage,
    [property: Id(2)] double CanaryShare,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] string ChangedBy);
