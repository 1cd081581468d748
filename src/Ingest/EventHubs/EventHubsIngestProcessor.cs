using System.Collections.Concurrent;
using Azure.Core;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// Consumes the transactions hub as one member of its consumer group: the SDK's load balancer shares the partitions
/// among the processes, with ownership and checkpoints in the product's own store (<see cref="IEventProcessorStore"/>).
/// Each partition's events go through <see cref="EventHubsBatchProcessor"/> (the one ingest path), pipelined: up to
/// <c>MaxInFlightBatchesPerPartition</c> batches of a partition in flight, at the limit the partition reads nothing
/// more until its oldest batch finishes (backpressure, bounded memory). A checkpoint is written only after its batch and
/// every earlier batch of the partition were acknowledged by the grains (at-least-once; redelivered records are
/// recognised by the journal's id idempotency, so nothing alerts twice).
/// </summary>
public sealed class EventHubsIngestProcessor : EventProcessor<EventProcessorPartition>
{
    private readonly EventHubsOptions _options;
    private readonly IEventProcessorStore _store;
    private readonly EventHubsBatchProcessor _batches;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, EventHubsPartitionPipeline> _pipelines = new();
    // The checkpoint each partition started from, read by GetCheckpointAsync, for the lag of a partition that has not checkpointed since.
    private readonly ConcurrentDictionary<string, long> _startingCheckpoints = new();
    // Partition stops in progress (drains), so a stopping host can wait for every one of them.
    private readonly List<Task> _stops = [];
    private long _consumed;

    private EventHubsIngestProcessor(Dependencies d, string connectionString)
        : base(d.Options.BatchSize, d.Options.ConsumerGroup, connectionString, d.Options.EventHub, ProcessorOptions(d.Options))
    {
        (_options, _store, _batches, _logger) = d;
    }

    private EventHubsIngestProcessor(Dependencies d, string fullyQualifiedNamespace, TokenCredential credential)
        : base(d.Options.BatchSize, d.Options.ConsumerGroup, fullyQualifiedNamespace, d.Options.EventHub, credential, ProcessorOptions(d.Options))
    {
        (_options, _store, _batches, _logger) = d;
    }

    /// <summary>Connects with the connection string, or with the namespace and <c>DefaultAzureCredential</c>, as <paramref name="clients"/> does.</summary>
    public static EventHubsIngestProcessor Create(EventHubsOptions options, EventHubsClients clients, IEventProcessorStore store,
        EventHubsBatchProcessor batches, ILogger<EventHubsIngestProcessor> logger)
    {
        var d = new Dependencies(options, store, batches, logger);
        return clients.UsesCredential
            ? new EventHubsIngestProcessor(d, clients.Namespace, clients.Credential)
            : new EventHubsIngestProcessor(d, options.ConnectionString!);
    }

    /// <summary>The SDK's processor settings from <see cref="EventHubsOptions"/>.</summary>
    public static EventProcessorOptions ProcessorOptions(EventHubsOptions o) => new()
    {
        Identifier = string.IsNullOrWhiteSpace(o.Identifier) ? $"{Environment.MachineName}-{Environment.ProcessId}" : o.Identifier.Trim(),
        // Also the longest a partition with nothing new waits before the handler runs with an empty batch: the moment
        // finished batches are checkpointed.
        MaximumWaitTime = TimeSpan.FromMilliseconds(o.MaxWaitMs),
        PrefetchCount = o.PrefetchCount,
        LoadBalancingUpdateInterval = TimeSpan.FromSeconds(o.LoadBalancingIntervalSeconds),
        PartitionOwnershipExpirationInterval = TimeSpan.FromSeconds(o.OwnershipExpirationSeconds),
        DefaultStartingPosition = string.Equals(o.StartPosition, "latest", StringComparison.OrdinalIgnoreCase) ? EventPosition.Latest : EventPosition.Earliest,
        // Every delivery then carries the partition's last enqueued sequence number: lag without a service round trip.
        TrackLastEnqueuedEventProperties = true,
    };

    /// <summary>Events read by this instance (tests, diagnostics).</summary>
    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>Partitions this instance processes now (tests, diagnostics).</summary>
    public int OwnedPartitions => _pipelines.Count;

    /// <summary>The identifiers of the partitions this instance processes now.</summary>
    public IReadOnlyList<string> OwnedPartitionIds => _pipelines.Keys.Order(StringComparer.Ordinal).ToList();

    protected override async Task OnProcessingEventBatchAsync(IEnumerable<EventData> events, EventProcessorPartition partition, CancellationToken cancellationToken)
    {
        if (!_pipelines.TryGetValue(partition.PartitionId, out var pipeline))
            return; // not initialized here: nothing read is checkpointed, so it is read again by whoever owns the partition
        var batch = events.ToArray();
        if (batch.Length > 0 && !pipeline.Broken)
        {
            Interlocked.Add(ref _consumed, batch.Length);
            EventHubsTelemetry.Consumed.Add(batch.Length);
            var last = batch[^1];
            var token = pipeline.Processing;
            var hub = EventHubName;
            var processing = Task.Run(() => _batches.ProcessAsync(hub, partition.PartitionId, batch, token), token);
            pipeline.Add(new EventHubsInFlightBatch(processing, new CheckpointPosition(last.OffsetString, last.SequenceNumber), batch.Length));
        }
        // Backpressure: with every slot taken the handler does not return, so the SDK reads no further batch of this partition.
        while (pipeline.AtLimit && pipeline.Oldest is { } oldest)
        {
            try
            {
                await oldest.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopping: the stop handler drains and checkpoints
            }
            catch (Exception)
            {
                // A failed batch: TakeFinished marks the partition broken.
            }
            CheckpointFinished(pipeline, cancellationToken);
        }
        CheckpointFinished(pipeline, cancellationToken);
    }

    protected override async Task OnInitializingPartitionAsync(EventProcessorPartition partition, CancellationToken cancellationToken)
    {
        var id = partition.PartitionId;
        if (_pipelines.TryRemove(id, out var previous))
            await TrackStop(StopPipelineAsync(previous, "restarted"));
        var checkpointed = _startingCheckpoints.TryGetValue(id, out var sequence) ? sequence : -1;
        _pipelines[id] = new EventHubsPartitionPipeline(id, _options.MaxInFlightBatchesPerPartition, checkpointed);
        EventHubsTelemetry.Owned[Identifier] = _pipelines.Count;
        _logger.LogInformation("Event Hubs partition {EventHub}/{Partition} initialized for {Identifier}", EventHubName, id, Identifier);
    }

    /// <summary>
    /// Given up (another process took it over, or this one stops): batches in flight get up to DrainTimeoutMs to
    /// finish, and what finished in order is checkpointed. The rest is redelivered to the next owner, whose journal
    /// check recognises the records that were already accepted.
    /// </summary>
    protected override async Task OnPartitionProcessingStoppedAsync(EventProcessorPartition partition, ProcessingStoppedReason reason, CancellationToken cancellationToken)
    {
        if (_pipelines.TryRemove(partition.PartitionId, out var pipeline))
            await TrackStop(StopPipelineAsync(pipeline, reason.ToString()));
        EventHubsTelemetry.Owned[Identifier] = _pipelines.Count;
        EventHubsTelemetry.Lag.TryRemove((EventHubName, partition.PartitionId), out _);
    }

    /// <summary>
    /// After <c>StopProcessingAsync</c>, whether or not it completed: drains (DrainTimeoutMs, in parallel) and
    /// checkpoints every partition the SDK did not stop, and waits for the stops it began. When this returns no batch of
    /// this processor is in flight any more, so ingest and the grains may stop.
    /// </summary>
    public async Task DrainAllAsync()
    {
        foreach (var id in _pipelines.Keys)
        {
            if (_pipelines.TryRemove(id, out var pipeline))
                _ = TrackStop(StopPipelineAsync(pipeline, "processor stopped"));
        }
        Task[] stops;
        lock (_stops)
            stops = [.. _stops];
        await Task.WhenAll(stops);
        EventHubsTelemetry.Owned.TryRemove(Identifier, out _);
        foreach (var key in EventHubsTelemetry.Lag.Keys.Where(k => k.Hub == EventHubName))
            EventHubsTelemetry.Lag.TryRemove(key, out _);
    }

    private Task TrackStop(Task stop)
    {
        lock (_stops)
        {
            _stops.RemoveAll(t => t.IsCompleted);
            _stops.Add(stop);
        }
        return stop;
    }

    protected override Task OnProcessingErrorAsync(Exception exception, EventProcessorPartition partition, string operationDescription, CancellationToken cancellationToken)
    {
        EventHubsTelemetry.Errors.Add(1);
        _logger.LogWarning(exception, "Event Hubs processor error during {Operation} (hub {EventHub}, partition {Partition}, processor {Identifier})",
            operationDescription, EventHubName, partition?.PartitionId ?? "none", Identifier);
        return Task.CompletedTask;
    }

    protected override async Task<IEnumerable<EventProcessorPartitionOwnership>> ListOwnershipAsync(CancellationToken cancellationToken)
    {
        var rows = await _store.ListOwnershipAsync(FullyQualifiedNamespace, EventHubName, ConsumerGroup, cancellationToken);
        return rows.Select(ToSdk).ToList();
    }

    protected override async Task<IEnumerable<EventProcessorPartitionOwnership>> ClaimOwnershipAsync(
        IEnumerable<EventProcessorPartitionOwnership> desiredOwnership, CancellationToken cancellationToken)
    {
        var claims = desiredOwnership.Select(o => new PartitionOwnership(
            o.FullyQualifiedNamespace, o.EventHubName, o.ConsumerGroup, o.PartitionId, o.OwnerIdentifier ?? "", o.LastModifiedTime, o.Version)).ToList();
        if (claims.Count == 0)
            return [];
        if (claims.All(c => c.OwnerId.Length > 0))
            return (await _store.ClaimOwnershipAsync(claims, cancellationToken)).Select(ToSdk).ToList();
        // An empty owner is the SDK giving partitions up at stop. Should the store refuse that, the ownership simply
        // expires after OwnershipExpirationSeconds; that is no reason to fail the stop.
        try
        {
            return (await _store.ClaimOwnershipAsync(claims, cancellationToken)).Select(ToSdk).ToList();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            _logger.LogInformation("Could not release the ownership of {Count} partitions of {EventHub} ({Reason}); they are free to take after {Expiry} s",
                claims.Count, EventHubName, e.Message, _options.OwnershipExpirationSeconds);
            return [];
        }
    }

    /// <summary>Where the partition resumes: just after the checkpointed event (by offset when stored, else by sequence number); null when the store has no checkpoint (the processor then starts at StartPosition).</summary>
    protected override async Task<EventProcessorCheckpoint?> GetCheckpointAsync(string partitionId, CancellationToken cancellationToken)
    {
        var stored = await _store.GetCheckpointAsync(FullyQualifiedNamespace, EventHubName, ConsumerGroup, partitionId, cancellationToken);
        if (stored is null)
            return null;
        _startingCheckpoints[partitionId] = stored.SequenceNumber;
        if (_pipelines.TryGetValue(partitionId, out var pipeline) && pipeline.CheckpointedSequence < stored.SequenceNumber)
            pipeline.CheckpointedSequence = stored.SequenceNumber;
        return new EventProcessorCheckpoint
        {
            FullyQualifiedNamespace = stored.Namespace,
            EventHubName = stored.EventHub,
            ConsumerGroup = stored.ConsumerGroup,
            PartitionId = stored.PartitionId,
            LastModified = stored.UpdatedAt,
            StartingPosition = string.IsNullOrEmpty(stored.Offset)
                ? EventPosition.FromSequenceNumber(stored.SequenceNumber, isInclusive: false)
                : EventPosition.FromOffset(stored.Offset, isInclusive: false),
        };
    }

    /// <summary>Writes the checkpoint to the store (which never moves one back: a former owner finishing late cannot rewind the new one).</summary>
    protected override async Task UpdateCheckpointAsync(string partitionId, CheckpointPosition startingPosition, CancellationToken cancellationToken)
    {
        await _store.UpdateCheckpointAsync(new PartitionCheckpoint(FullyQualifiedNamespace, EventHubName, ConsumerGroup, partitionId,
            startingPosition.OffsetString, startingPosition.SequenceNumber, DateTimeOffset.UtcNow), cancellationToken);
    }

    /// <summary>
    /// Updates <see cref="EventHubsTelemetry.Lag"/> of each owned partition: last enqueued sequence number minus the
    /// checkpointed one. The last enqueued number comes from the deliveries (tracked by the SDK) and, when
    /// <paramref name="queryService"/> or when nothing was tracked yet, from the partition's properties.
    /// </summary>
    public async Task RefreshLagAsync(EventHubConsumerClient? properties, bool queryService, CancellationToken ct)
    {
        foreach (var pipeline in _pipelines.Values)
        {
            long? last = null;
            long? begin = null;
            try
            {
                last = ReadLastEnqueuedEventProperties(pipeline.PartitionId).SequenceNumber;
            }
            catch (Exception e) when (e is InvalidOperationException or EventHubsException or ArgumentException)
            {
                // Not (or no longer) processing the partition, or nothing received yet.
            }
            if (properties is not null && (queryService || last is null))
            {
                var p = await properties.GetPartitionPropertiesAsync(pipeline.PartitionId, ct);
                begin = p.BeginningSequenceNumber;
                var enqueued = p.IsEmpty ? p.BeginningSequenceNumber - 1 : p.LastEnqueuedSequenceNumber;
                last = last is { } tracked ? Math.Max(tracked, enqueued) : enqueued;
            }
            if (last is not { } lastEnqueued || !_pipelines.ContainsKey(pipeline.PartitionId))
                continue;
            var from = pipeline.CheckpointedSequence;
            if (from < 0 && begin is { } first)
                from = first - 1;
            EventHubsTelemetry.Lag[(EventHubName, pipeline.PartitionId)] = Math.Max(0, lastEnqueued - from);
        }
    }

    /// <summary>
    /// Takes the batches that finished in order and, unless a checkpoint write of the partition is still running, starts
    /// writing the newest finished position without waiting for it: a write queues at the store's one writer and fsyncs,
    /// and awaited here it held up the reading of the partition's next batch every time. One write at a time per
    /// partition keeps them in order; what finishes meanwhile is written by the next call (the SDK calls the handler at
    /// least every MaxWaitMs) or at the stop.
    /// </summary>
    private void CheckpointFinished(EventHubsPartitionPipeline pipeline, CancellationToken ct)
    {
        TakeFinished(pipeline);
        if (!pipeline.Writing.IsCompleted || pipeline.TakeUnwritten() is not { } position)
            return;
        // On the pool: with the writer free, the store would run the write and its fsync inline on this handler.
        pipeline.Writing = Task.Run(() => WriteCheckpointAsync(pipeline, position, ct), CancellationToken.None);
    }

    /// <summary>Waits for the write in progress, then writes whatever finished and is unwritten (at a partition's stop).</summary>
    private async Task CheckpointFinishedAsync(EventHubsPartitionPipeline pipeline, CancellationToken ct)
    {
        await pipeline.Writing; // never faults: failures are kept as unwritten
        TakeFinished(pipeline);
        if (pipeline.TakeUnwritten() is { } position)
            await WriteCheckpointAsync(pipeline, position, ct);
    }

    private void TakeFinished(EventHubsPartitionPipeline pipeline)
    {
        var position = pipeline.TakeFinished(out var failure);
        if (failure is not null)
        {
            _logger.LogWarning(failure, "A batch of {EventHub}/{Partition} did not finish; it and every later batch of the partition will be redelivered",
                EventHubName, pipeline.PartitionId);
        }
        if (position is { } p)
            pipeline.Finished(p);
    }

    private async Task WriteCheckpointAsync(EventHubsPartitionPipeline pipeline, CheckpointPosition p, CancellationToken ct)
    {
        try
        {
            await UpdateCheckpointAsync(pipeline.PartitionId, p, ct);
            pipeline.CheckpointedSequence = p.SequenceNumber;
            EventHubsTelemetry.Checkpoints.Add(1);
        }
        catch (Exception e)
        {
            // Kept for the next attempt (the next batch, or the stop): its events stay processed meanwhile.
            pipeline.WriteFailed(p);
            if (e is not OperationCanceledException)
                _logger.LogWarning(e, "Could not write the checkpoint of {EventHub}/{Partition} at sequence {SequenceNumber}", EventHubName, pipeline.PartitionId, p.SequenceNumber);
        }
    }

    private async Task StopPipelineAsync(EventHubsPartitionPipeline pipeline, string reason)
    {
        var unfinished = await pipeline.DrainAsync(TimeSpan.FromMilliseconds(_options.DrainTimeoutMs));
        await CheckpointFinishedAsync(pipeline, CancellationToken.None);
        pipeline.Cancel();
        if (unfinished > 0)
        {
            _logger.LogWarning("{Count} batches of {EventHub}/{Partition} still in flight after {Timeout} ms; they will be redelivered",
                unfinished, EventHubName, pipeline.PartitionId, _options.DrainTimeoutMs);
        }
        _logger.LogInformation("Event Hubs partition {EventHub}/{Partition} stopped ({Reason}), checkpointed at sequence {SequenceNumber}",
            EventHubName, pipeline.PartitionId, reason, pipeline.CheckpointedSequence);
    }

    private static EventProcessorPartitionOwnership ToSdk(PartitionOwnership o) => new()
    {
        FullyQualifiedNamespace = o.Namespace,
        EventHubName = o.EventHub,
        ConsumerGroup = o.ConsumerGroup,
        PartitionId = o.PartitionId,
        OwnerIdentifier = o.OwnerId,
        LastModifiedTime = o.LastModified,
        Version = o.Version,
    };

    private sealed record Dependencies(EventHubsOptions Options, IEventProcessorStore Store, EventHubsBatchProcessor Batches, ILogger Logger);
}
