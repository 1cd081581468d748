using System.Collections.Concurrent;
using Lepton.Monitor.Contracts;
using Orleans.Runtime;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>
/// An <see cref="IGrainFactory"/> whose monitor grains run in the test: every call goes to <see cref="Process"/> and
/// <see cref="Checkpoint"/> (which a test may make block or fail), and what was acknowledged is recorded.
/// </summary>
internal sealed class FakeMonitors : IGrainFactory
{
    private readonly ConcurrentDictionary<string, Monitor> _grains = new(StringComparer.Ordinal);

    /// <summary>Called for each batch; by default acknowledges it. Throwing makes the grain call fail.</summary>
    public Func<string, MonitoredRecord[], Task<BatchResult>> Process { get; set; } =
        (_, records) => Task.FromResult(new BatchResult(records.Length, 0));

    /// <summary>Called for each checkpoint; by default succeeds.</summary>
    public Func<string, Task> Checkpoint { get; set; } = _ => Task.CompletedTask;

    /// <summary>(monitor key, record id) of every record a monitor acknowledged.</summary>
    public ConcurrentQueue<(string Key, string RecordId)> Acknowledged { get; } = new();

    /// <summary>Monitor keys, in the order their checkpoints succeeded.</summary>
    public ConcurrentQueue<string> Checkpointed { get; } = new();

    public IReadOnlyList<string> AcknowledgedIds(string key) => [.. Acknowledged.Where(a => a.Key == key).Select(a => a.RecordId)];

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)(object)_grains.GetOrAdd(primaryKey, key => new Monitor(this, key));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidCompoundKey => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerCompoundKey => throw new NotSupportedException();
    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();
    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();
    public IAddressable GetGrain(Type grainInterfaceType, IdSpan grainPrimaryKey) => throw new NotSupportedException();
    public IAddressable GetGrain(Type grainInterfaceType, IdSpan grainPrimaryKey, string grainClassNamePrefix) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();
    public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();
    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();

    private sealed class Monitor(FakeMonitors owner, string key) : IJurisdictionMonitorGrain
    {
        public async Task<BatchResult> ProcessAsync(RecordBatch batch)
        {
            var result = await owner.Process(key, batch.Records);
            var failed = result.Failed.Select(f => f.RecordId).ToHashSet(StringComparer.Ordinal);
            foreach (var record in batch.Records)
                if (!failed.Contains(record.Id))
                    owner.Acknowledged.Enqueue((key, record.Id));
            return result;
        }

        public async Task CheckpointAsync()
        {
            await owner.Checkpoint(key);
            owner.Checkpointed.Enqueue(key);
        }

        public Task SetModelsAsync(ModelDeployments deployments) => Task.CompletedTask;

        public Task<ModelServingStats[]> GetModelStatsAsync() => Task.FromResult(Array.Empty<ModelServingStats>());

        public Task<DriftView> GetDriftAsync() => throw new NotSupportedException();
    }
}
