using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Consumes the transactions topic (an event hub) as one member of the consumer group: one consumer per process,
/// partitions shared across ingest processes by the group protocol. Messages are batched per partition and go through
/// <see cref="KafkaBatchProcessor"/> (the one ingest path). An offset is stored for commit only after its batch and
/// every earlier batch of the partition were acknowledged by the grains (at-least-once; redelivered records are
/// recognised by the journal's id idempotency). At most <c>MaxInFlightBatchesPerPartition</c> batches per partition are
/// in flight; at the limit the partition is paused until one finishes (backpressure, bounded memory).
/// All consumer calls happen on this loop's own thread; the librdkafka client is not shared.
/// </summary>
public sealed class KafkaIngestConsumer(
    KafkaOptions options, KafkaBatchProcessor processor, IngestReadiness readiness, ILogger<KafkaIngestConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(1);
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    // Processing outlives the stop signal by up to DrainTimeoutMs, so in-flight batches can finish and be committed.
    private readonly CancellationTokenSource _processing = new();
    private long _consumed;

    /// <summary>Messages consumed by this instance (tests, diagnostics).</summary>
    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>Partitions currently assigned to this process (tests, diagnostics).</summary>
    public int AssignedPartitions { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Records must not overtake the replay of the journal that JournalRecovery does at start.
        while (!readiness.IsReady)
            await Task.Delay(20, stoppingToken);
        var loaded = KafkaNativeLibrary.EnsureLoaded();
        logger.LogInformation("Kafka consumer starting: topic {Topic}, group {Group}, librdkafka {Version} ({Path})",
            options.Topic, options.ConsumerGroup, Library.VersionString, loaded ?? "already loaded");
        // librdkafka's Consume blocks; give the loop a thread of its own instead of a pool thread.
        await Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override void Dispose()
    {
        _processing.Dispose();
        base.Dispose();
    }

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Consumer(options))
            .SetPartitionsAssignedHandler((_, assigned) => OnAssigned(assigned))
            .SetPartitionsRevokedHandler((c, revoked) => OnRevoked(c, revoked.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, lost) => OnLost(lost.Select(p => p.TopicPartition).ToList()))
            .SetErrorHandler((_, e) => logger.Log(e.IsFatal ? LogLevel.Critical : LogLevel.Warning, "Kafka consumer error {Code}: {Reason}", e.Code, e.Reason))
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .Build();
        consumer.Subscribe(options.Topic);
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(options.BatchLingerMs, 1, 50));
        var lagAt = Stopwatch.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]?>? result = null;
                try
                {
                    result = consumer.Consume(poll);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    logger.LogWarning("Kafka consume error {Code}: {Reason}", e.Error.Code, e.Error.Reason);
                }
                if (result?.Message is not null && _partitions.TryGetValue(result.TopicPartition, out var state))
                {
                    Interlocked.Increment(ref _consumed);
                    KafkaTelemetry.Consumed.Add(1);
                    if (state.Pending.Count == 0)
                        state.PendingSince = Stopwatch.GetTimestamp();
                    state.Pending.Add(result);
                }
                Complete(consumer);
                Flush(consumer, idle: result is null);
                if (Stopwatch.GetElapsedTime(lagAt) > LagInterval)
                {
                    UpdateLag(consumer);
                    lagAt = Stopwatch.GetTimestamp();
                }
            }
        }
        finally
        {
            Drain(consumer, _partitions.Values.ToList());
            CommitStored(consumer);
            _processing.Cancel();
            foreach (var key in _partitions.Keys)
                KafkaTelemetry.Lag.TryRemove((key.Topic, key.Partition.Value), out _);
            try { consumer.Close(); } // leaves the group at once, so the partitions move to another process without waiting for the session timeout
            catch (KafkaException e) { logger.LogWarning(e, "Kafka consumer close failed"); }
        }
    }

    /// <summary>Starts batches that are full, or due (linger elapsed, or nothing more arrived), while the in-flight limit allows.</summary>
    private void Flush(IConsumer<byte[]?, byte[]?> consumer, bool idle)
    {
        foreach (var state in _partitions.Values)
        {
            while (state.Pending.Count > 0 && state.InFlight.Count < options.MaxInFlightBatchesPerPartition)
            {
                if (state.Pending.Count < options.BatchSize && !PartialBatchDue(consumer, state, idle))
                    break;
                var take = Math.Min(options.BatchSize, state.Pending.Count);
                var batch = state.Pending.GetRange(0, take);
                state.Pending.RemoveRange(0, take);
                state.PendingSince = Stopwatch.GetTimestamp();
                var token = _processing.Token;
                state.InFlight.Enqueue(new InFlightBatch(batch[^1].Offset.Value + 1, batch.Count, Task.Run(() => processor.ProcessAsync(batch, token), token)));
            }
            if (state.InFlight.Count >= options.MaxInFlightBatchesPerPartition && state.Pending.Count >= options.BatchSize && !state.Paused)
            {
                // Backpressure: all batches in flight and the next one full. librdkafka stops fetching this partition
                // until Resume, so memory stays bounded (pausing earlier would only churn: each resume costs a fetch).
                consumer.Pause([state.Partition]);
                state.Paused = true;
                KafkaTelemetry.Pauses.Add(1);
                logger.LogDebug("Paused {Partition}: {InFlight} batches in flight", state.Partition, state.InFlight.Count);
            }
        }
    }

    /// <summary>Applies <see cref="PartialBatchRule"/>; the high watermark is the one librdkafka caches from fetch responses (no broker round trip).</summary>
    private bool PartialBatchDue(IConsumer<byte[]?, byte[]?> consumer, PartitionState state, bool idle)
    {
        switch (PartialBatchRule.Decide(Stopwatch.GetElapsedTime(state.PendingSince).TotalMilliseconds, options.BatchLingerMs, idle))
        {
            case PartialBatchRule.Verdict.Wait:
                return false;
            case PartialBatchRule.Verdict.Go:
                return true;
            default:
                var high = consumer.GetWatermarkOffsets(state.Partition).High;
                return PartialBatchRule.CaughtUp(high.IsSpecial ? null : high.Value, state.Pending[^1].Offset.Value + 1);
        }
    }

    /// <summary>Takes finished batches off the head of each partition's queue (in offset order), stores their offsets, and resumes.</summary>
    private void Complete(IConsumer<byte[]?, byte[]?> consumer)
    {
        foreach (var state in _partitions.Values)
            Complete(consumer, state);
    }

    private void Complete(IConsumer<byte[]?, byte[]?> consumer, PartitionState state)
    {
        while (state.InFlight.Count > 0 && state.InFlight.Peek().Processing.IsCompleted)
        {
            var batch = state.InFlight.Dequeue();
            if (!batch.Processing.IsCompletedSuccessfully)
            {
                // Only on stop (processing retries until cancelled): these records are redelivered after a restart.
                state.Broken = true;
                logger.LogWarning(batch.Processing.Exception, "A batch of {Partition} did not finish; it will be redelivered", state.Partition);
            }
            if (state.Broken)
                continue;
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(state.Partition, batch.NextOffset));
                state.Stored = batch.NextOffset;
            }
            catch (KafkaException e)
            {
                logger.LogWarning("Could not store offset {Offset} of {Partition}: {Reason}", batch.NextOffset, state.Partition, e.Error.Reason);
            }
        }
        if (state.Paused && state.InFlight.Count < options.MaxInFlightBatchesPerPartition)
        {
            consumer.Resume([state.Partition]);
            state.Paused = false;
        }
    }

    private void OnAssigned(List<TopicPartition> assigned)
    {
        foreach (var tp in assigned)
            _partitions[tp] = new PartitionState(tp);
        AssignedPartitions = _partitions.Count;
        logger.LogInformation("Kafka partitions assigned: {Partitions}", string.Join(", ", assigned.Select(p => p.Partition.Value)));
    }

    /// <summary>
    /// Revoked (rebalance): unstarted messages are dropped (the next owner reads them from the committed offset), batches
    /// in flight get up to DrainTimeoutMs to finish, and what finished is committed before the partitions go. A batch
    /// that did not finish is redelivered to the next owner, whose journal check recognises its records.
    /// </summary>
    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> revoked)
    {
        var states = revoked.Select(tp => _partitions.GetValueOrDefault(tp)).OfType<PartitionState>().ToList();
        foreach (var state in states)
            state.Pending.Clear();
        Drain(consumer, states);
        CommitStored(consumer);
        foreach (var tp in revoked)
        {
            _partitions.Remove(tp);
            KafkaTelemetry.Lag.TryRemove((tp.Topic, tp.Partition.Value), out _);
        }
        AssignedPartitions = _partitions.Count;
        logger.LogInformation("Kafka partitions revoked: {Partitions}", string.Join(", ", revoked.Select(p => p.Partition.Value)));
    }

    /// <summary>Lost (session expired): nothing can be committed any more; in-flight records are in the journal and recognised on redelivery.</summary>
    private void OnLost(List<TopicPartition> lost)
    {
        foreach (var tp in lost)
        {
            _partitions.Remove(tp);
            KafkaTelemetry.Lag.TryRemove((tp.Topic, tp.Partition.Value), out _);
        }
        AssignedPartitions = _partitions.Count;
        logger.LogWarning("Kafka partitions lost: {Partitions}", string.Join(", ", lost.Select(p => p.Partition.Value)));
    }

    /// <summary>Waits (bounded) for the in-flight batches of these partitions, then stores what finished.</summary>
    private void Drain(IConsumer<byte[]?, byte[]?> consumer, List<PartitionState> states)
    {
        var tasks = states.SelectMany(s => s.InFlight.Select(b => b.Processing)).ToArray();
        if (tasks.Length > 0)
        {
            try
            {
                if (!Task.WaitAll(tasks, options.DrainTimeoutMs))
                    logger.LogWarning("{Count} Kafka batches still in flight after {Timeout} ms; they will be redelivered", tasks.Count(t => !t.IsCompleted), options.DrainTimeoutMs);
            }
            catch (AggregateException)
            {
                // Failed batches are handled by Complete (not committed).
            }
        }
        foreach (var state in states)
        {
            Complete(consumer, state);
            state.Paused = false;
        }
    }

    private void CommitStored(IConsumer<byte[]?, byte[]?> consumer)
    {
        try
        {
            consumer.Commit();
            KafkaTelemetry.Commits.Add(1);
        }
        catch (KafkaException e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_NoOffset)
        {
            // Nothing stored since the last commit.
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Kafka commit failed: {Reason}; the uncommitted records are redelivered and recognised as duplicates", e.Error.Reason);
        }
    }

    /// <summary>Lag per partition from the watermarks librdkafka caches from fetch responses (no broker round trip).</summary>
    private void UpdateLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        foreach (var state in _partitions.Values)
        {
            var marks = consumer.GetWatermarkOffsets(state.Partition);
            if (marks.High.IsSpecial)
                continue;
            var from = state.Stored >= 0 ? state.Stored : marks.Low.IsSpecial ? 0 : marks.Low.Value;
            KafkaTelemetry.Lag[(state.Partition.Topic, state.Partition.Partition.Value)] = Math.Max(0, marks.High.Value - from);
        }
    }
}
