namespace Lepton.Monitor.Contracts;

/// <summary>
/// The models serving one (tenant, jurisdiction): exactly one production model, at most one canary, any number of
/// shadows, and the production models it replaced (newest first) for rollback. <see cref="Revision"/> grows with every change.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.model-deployments.v1")]
public sealed record ModelDeployments(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Jurisdiction,
    [property: Id(2)] long Revision,
    [property: Id(3)] ModelDeployment Production,
    [property: Id(4)] ModelDeployment? Canary,
    [property: Id(5)] ModelDeployment[] Shadows,
    [property: Id(6)] ModelDeployment[] History);
