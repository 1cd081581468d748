using Orleans.Concurrency;

namespace Lepton.Monitor.Contracts;

/// <summary>
/// The model registry of one (tenant, jurisdiction), key <c>tenant/jurisdiction</c> as for the monitor. Holds which
/// model version serves at which stage, persists it, and pushes every change to the monitor so it applies at once.
/// </summary>
[Alias("lepton.model-registry")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>Current deployments (the silo's default model in production when nothing was ever changed).</summary>
    [Alias("get"), AlwaysInterleave]
    Task<ModelDeployments> GetAsync();

    /// <summary>Applies a stage change; throws <see cref="ArgumentException"/> with the reason when it is not allowed.</summary>
    [Alias("set-stage")]
    Task<ModelDeployments> SetStageAsync(ModelStageChange change);

    /// <summary>Restores the production model before the current one; throws <see cref="InvalidOperationException"/> when there is none.</summary>
    [Alias("rollback")]
    Task<ModelDeployments> RollbackAsync(string changedBy);
}
