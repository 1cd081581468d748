using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Lepton.Monitor.Grains.Models;

/// <summary>
/// Holds the model stages of one (tenant, jurisdiction): validates a change against the catalog and the stage rules,
/// persists it, then pushes it to the monitor so it applies from the next batch without a restart.
/// </summary>
[Placement.ResidencyPlacement]
public sealed class ModelRegistryGrain(
    [PersistentState("models", SqliteGrainStorage.StorageName)] IPersistentState<ModelRegistryState> state,
    IModelCatalog catalog,
    TenantOverridesReader tenants,
    TimeProvider clock,
    ILogger<ModelRegistryGrain> logger) : Grain, IModelRegistryGrain
{
    public Task<ModelDeployments> GetAsync() => Task.FromResult(Current());

    public async Task<ModelDeployments> SetStageAsync(ModelStageChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (tenant, _) = MonitorKey.Parse(this.GetPrimaryKeyString());
        // Retiring needs neither: a model that no longer loads (or is no longer listed) must still be removable.
        if (change.Stage != ModelStage.Retired)
        {
            // Another tenant's upload reads as unknown: its existence is not the caller's to learn.
            if (!catalog.IsAvailableTo(change.ModelId, tenant))
                throw new ArgumentException($"modelId: unknown model '{change.ModelId}'; upload it with POST /v1/models first");
        }
        var next = ModelDeploymentBook.Apply(Current(), change, clock.GetUtcNow());
        // Load before saving: a saved model that cannot load would fail every batch of this monitor.
        if (change.Stage != ModelStage.Retired && catalog.LoadProblem(change.ModelId) is { } problem)
            throw new ArgumentException($"modelId: {problem}");
        await SaveAndPushAsync(next);
        logger.LogInformation("Model {ModelId} is now {Stage} for {Key} (revision {Revision}, by {Actor})",
            change.ModelId, change.Stage, this.GetPrimaryKeyString(), next.Revision, change.ChangedBy);
        return next;
    }

    public async Task<ModelDeployments> RollbackAsync(string changedBy)
    {
        var next = ModelDeploymentBook.Rollback(Current(), changedBy, clock.GetUtcNow());
        await SaveAndPushAsync(next);
        logger.LogWarning("Model rollback for {Key}: {ModelId} is production again (revision {Revision}, by {Actor})",
            this.GetPrimaryKeyString(), next.Production.ModelId, next.Revision, changedBy);
        return next;
    }

    private ModelDeployments Current()
    {
        if (state.State.Deployments is { } d)
            return d;
        var (tenant, jurisdiction) = MonitorKey.Parse(this.GetPrimaryKeyString());
        return ModelDeploymentBook.Initial(tenant, jurisdiction, catalog.DefaultModelId, DateTimeOffset.UnixEpoch);
    }

    private async Task SaveAndPushAsync(ModelDeployments next)
    {
        state.State.Deployments = next;
        await state.WriteStateAsync();
        // Durable first, then applied: a failed push is repaired when the monitor next activates and reads the registry.
        // Every shard of the (tenant, jurisdiction) under the tenant's current count gets it: they share this deployment.
        var (tenant, jurisdiction) = MonitorKey.Parse(this.GetPrimaryKeyString());
        var shards = Math.Clamp(tenants.Current(tenant)?.Settings?.Shards ?? 1, MonitorKey.MinShards, MonitorKey.MaxShards);
        var pushes = new Task[shards];
        for (var shard = 0; shard < shards; shard++)
            pushes[shard] = GrainFactory.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For(tenant, jurisdiction, shard)).SetModelsAsync(next);
        await Task.WhenAll(pushes);
    }
}
