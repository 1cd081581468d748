using Lepton.Monitor.Contracts.Residency;
using Lepton.Monitor.Grains.Placement;
using Orleans.Storage;

namespace Lepton.Monitor.Integration.Tests.Residency;

/// <summary>The state router as a plain class: key → jurisdiction → home region → that region's storage.</summary>
public sealed class ResidencyGrainStorageTests
{
    private sealed class RecordingStorage(string name, List<string> log) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) { log.Add($"{name} read {grainId.Key}"); return Task.CompletedTask; }
        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) { log.Add($"{name} write {grainId.Key}"); return Task.CompletedTask; }
        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) { log.Add($"{name} clear {grainId.Key}"); return Task.CompletedTask; }
    }

    private sealed class RecordingFactory(List<string> log) : IRegionalGrainStorageFactory
    {
        public List<string> Opened { get; } = new();
        public IGrainStorage Create(string region, string store) { Opened.Add(region); return new RecordingStorage(store, log); }
    }

    private static readonly ResidencyRules Rules = new([new ResidencyRule("EU", ["eu"]), new ResidencyRule("US", ["us", "eu"])]);

    [Fact]
    public async Task Ruled_state_goes_to_its_home_region_and_the_rest_to_the_default_storage()
    {
        var log = new List<string>();
        var factory = new RecordingFactory(log);
        var storage = new ResidencyGrainStorage(Rules, new RecordingStorage("default", log),
            new RegionalGrainStores(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["eu"] = "eu-db", ["us"] = "us-db" }, factory));
        var state = new GrainState<int>();

        await storage.WriteStateAsync("monitor", GrainId.Create("jurisdictionmonitor", "acme/EU/2"), state);
        await storage.ReadStateAsync("monitor", GrainId.Create("jurisdictionmonitor", "acme/US"), state);
        await storage.ClearStateAsync("monitor", GrainId.Create("jurisdictionmonitor", "acme/GB"), state);
        await storage.WriteStateAsync("models", GrainId.Create("modelcatalog", "models"), state);
        await storage.WriteStateAsync("monitor", GrainId.Create("jurisdictionmonitor", "beta/EU"), state);

        Assert.Equal(["eu-db write acme/EU/2", "us-db read acme/US", "default clear acme/GB", "default write models", "eu-db write beta/EU"], log);
        Assert.Equal(["eu", "us"], factory.Opened); // each region opened once, on first use
    }

    [Fact]
    public async Task A_region_without_a_store_on_this_silo_fails_instead_of_using_the_default_storage()
    {
        var log = new List<string>();
        var storage = new ResidencyGrainStorage(Rules, new RecordingStorage("default", log),
            new RegionalGrainStores(new Dictionary<string, string> { ["us"] = "us-db" }, new RecordingFactory(log)));
        var error = await Assert.ThrowsAsync<ResidencyStoreMissingException>(() =>
            storage.WriteStateAsync("monitor", GrainId.Create("jurisdictionmonitor", "acme/EU"), new GrainState<int>()));
        Assert.Equal("eu", error.Region);
        Assert.Empty(log);
    }

    private sealed class LifecycleStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public ISiloLifecycle? JoinedLifecycle { get; private set; }
        public void Participate(ISiloLifecycle lifecycle) => JoinedLifecycle = lifecycle;
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }

    private sealed class NoLifecycle : ISiloLifecycle
    {
        public int HighestCompletedStage => 0;
        public int LowestStoppedStage => 0;
        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer) => throw new NotSupportedException();
    }

    [Fact]
    public void The_wrapped_storage_still_joins_the_silo_lifecycle()
    {
        // Orleans starts lifecycle-aware storages (ADO.NET) by casting what the provider name resolves to: now the wrapper.
        var inner = new LifecycleStorage();
        ILifecycleParticipant<ISiloLifecycle> wrapper = new ResidencyGrainStorage(Rules, inner,
            new RegionalGrainStores(new Dictionary<string, string>(), new RecordingFactory([])));
        var lifecycle = new NoLifecycle();
        wrapper.Participate(lifecycle);
        Assert.Same(lifecycle, inner.JoinedLifecycle);
    }
}
