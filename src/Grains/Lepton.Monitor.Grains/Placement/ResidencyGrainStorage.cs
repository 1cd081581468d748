using Orleans.Storage;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// Grain storage that sends the state of a jurisdiction with a residency rule to its home region's store, and
/// everything else to the silo's default grain storage, under the provider name grains already use. The route is
/// decided by the grain key alone, so it does not depend on which silo the grain runs on.
/// </summary>
/// <remarks>
/// Orleans starts a storage that takes part in the silo lifecycle (the ADO.NET one does) by resolving it under its
/// name and casting: this wrapper now answers that name, so it passes the lifecycle on to the storage it wraps.
/// </remarks>
public sealed class ResidencyGrainStorage(ResidencyRules rules, IGrainStorage unconstrained, RegionalGrainStores regional)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Route(grainId).ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Route(grainId).WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Route(grainId).ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (unconstrained as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private IGrainStorage Route(GrainId grainId) => rules.ForGrain(grainId) is { } rule ? regional.For(rule) : unconstrained;
}
