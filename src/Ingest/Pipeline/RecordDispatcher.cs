using System.Diagnostics;
using System.Threading.Channels;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Contracts.Tracing;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Fans journaled records out to one <see cref="IJurisdictionMonitorGrain"/> per (tenant, jurisdiction), many records
/// per grain call. Three promises:
/// <list type="bullet">
/// <item>Journaled means dispatched: ingest takes a <see cref="DispatchSlot"/> (waiting while the queue is full:
/// backpressure) before it journals, and hands the journaled records over without a way to fail.</item>
/// <item>Nothing is dropped: a failing monitor is retried with backoff; after <see cref="IngestOptions.DispatchRetryBudget"/>
/// its records are parked with their payload (as are records a monitor reports it could not check); if parking fails
/// too, everything is retried until it works. A worker that fails anyway restarts.</item>
/// <item>Processed means checkpointed: acknowledged records are marked processed in the journal only after every
/// monitor they touched persisted its state (<see cref="IJurisdictionMonitorGrain.CheckpointAsync"/>), so a crash
/// replays exactly what the monitors' state does not hold.</item>
/// </list>
/// </summary>
public sealed class RecordDispatcher : BackgroundService
{
    private readonly Channel<JournaledBatch> _queue;
    private readonly SemaphoreSlim _slots;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _tenantSlots = new(StringComparer.Ordinal);
    private readonly int _tenantSlotCount;
    private readonly SemaphoreSlim _checkpointSignal = new(0);
    private readonly CheckpointBarrier _barrier = new();
    // Journals other than the own one (partitions taken over by lease), each checkpointed into itself.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IRecordJournal, CheckpointBarrier> _otherBarriers = new();
    private readonly IngestOptions _options;
    private readonly RecordRouter _router;
    private readonly IGrainFactory _grains;
    private readonly IRecordJournal _journal;
    private readonly IParkedRecordStore _parked;
    private readonly ServiceHealth _health;
    private readonly DispatchResilience _resilience;
    private readonly ILogger<RecordDispatcher> _logger;
    private long _processed;
    private long _acknowledged;
    private long _enqueued;
    private int _busyWorkers;
    private int _idleWaiters;

    public RecordDispatcher(IngestOptions options, RecordRouter router, IGrainFactory grains, IRecordJournal journal,
        IParkedRecordStore parked, ServiceHealth health, ILogger<RecordDispatcher> logger)
    {
        _options = options;
        _router = router;
        _grains = grains;
        _journal = journal;
        _parked = parked;
        _health = health;
        _logger = logger;
        _resilience = new DispatchResilience(options, health, logger);
        _slots = new SemaphoreSlim(Math.Max(1, options.DispatchQueueCapacity));
        _tenantSlotCount = Math.Max(1, (int)(Math.Max(1, options.DispatchQueueCapacity) * Math.Clamp(options.TenantQueueShare, 0, 1)));
        // Unbounded: the slots bound it, taken before the journal append, so writing here never waits and never fails.
        _queue = Channel.CreateUnbounded<JournaledBatch>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
        IngestTelemetry.Meter.CreateObservableGauge("lepton.ingest.dispatch_queue", () => _queue.Reader.Count, description: "Journaled batches waiting for dispatch");
    }

    /// <summary>Records handed to dispatch so far (journaled and new).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Records acknowledged by their grains (or parked), checkpointed and marked processed in the journal.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Records acknowledged by their grains (or parked); <see cref="Processed"/> follows at the next checkpoint.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>
    /// Waits for a place in the dispatch queue (backpressure). The only wait of the ingest path a caller may abandon:
    /// call it before journaling, so a cancelled caller has journaled nothing.
    /// </summary>
    public async ValueTask<DispatchSlot> AdmitAsync(CancellationToken ct = default) =>
        await TryAdmitAsync(null, Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false)
        ?? throw new InvalidOperationException("an unbounded admission cannot time out");

    /// <summary>
    /// As <see cref="AdmitAsync(CancellationToken)"/>, waiting at most <paramref name="wait"/> (null when it expired:
    /// the caller answers "retry later"). A <paramref name="tenant"/> holds at most its share of the queue
    /// (<see cref="IngestOptions.TenantQueueShare"/>), so one tenant's flood cannot take every place from the others.
    /// </summary>
    public async ValueTask<DispatchSlot?> TryAdmitAsync(string? tenant, TimeSpan wait, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var tenantSlot = tenant is null || _tenantSlotCount >= _options.DispatchQueueCapacity
            ? null
            : _tenantSlots.GetOrAdd(tenant, static (_, count) => new SemaphoreSlim(count), _tenantSlotCount);
        if (tenantSlot is not null && !tenantSlot.Wait(0) && !await tenantSlot.WaitAsync(wait, ct).ConfigureAwait(false))
            return null;
        var left = wait == Timeout.InfiniteTimeSpan ? wait : wait - Stopwatch.GetElapsedTime(started);
        try
        {
            if (!_slots.Wait(0) && (left <= TimeSpan.Zero && left != Timeout.InfiniteTimeSpan || !await _slots.WaitAsync(left, ct).ConfigureAwait(false)))
            {
                tenantSlot?.Release();
                return null;
            }
        }
        catch
        {
            tenantSlot?.Release();
            throw;
        }
        return new DispatchSlot(this, tenantSlot);
    }

    internal void EnqueueAdmitted(JournaledBatch batch)
    {
        Interlocked.Add(ref _enqueued, batch.Records.Count);
        if (!_queue.Writer.TryWrite(batch))
            throw new InvalidOperationException("the dispatch queue is closed"); // never completed: unreachable
    }

    internal void ReleaseSlot() => _slots.Release();

    /// <summary>
    /// Waits until everything enqueued so far has been processed (tests, bench, graceful drain). While it waits, an
    /// idle dispatcher checkpoints at once instead of at the next interval.
    /// </summary>
    public async Task WaitForIdleAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Interlocked.Increment(ref _idleWaiters);
        try
        {
            while (Processed < Enqueued)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new TimeoutException($"dispatch not idle after {timeout}: {Processed}/{Enqueued} processed");
                if (IsIdle)
                    SignalCheckpoint();
                await Task.Delay(5, ct);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _idleWaiters);
        }
    }

    /// <summary>
    /// Waits until every record enqueued so far was acknowledged by its grains (or parked), without forcing a
    /// checkpoint: checkpoints keep their own cadence, as in production. For throughput measurements, where a forced
    /// checkpoint at the end (every monitor persisting its whole state once) would be counted against a short run.
    /// </summary>
    public async Task WaitForDispatchedAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Acknowledged < Enqueued)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"dispatch not done after {timeout}: {Acknowledged}/{Enqueued} acknowledged");
            await Task.Delay(5, ct);
        }
    }

    private bool IsIdle => Volatile.Read(ref _busyWorkers) == 0 && _queue.Reader.Count == 0;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = new Task[Math.Max(1, _options.DispatchConcurrency) + 1];
        for (var i = 0; i < tasks.Length - 1; i++)
        {
            var worker = i;
            tasks[i] = Task.Run(() => RunWorkerAsync(worker, stoppingToken), stoppingToken);
        }
        tasks[^1] = Task.Run(() => RunCheckpointsAsync(stoppingToken), stoppingToken);
        return Task.WhenAll(tasks);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A last checkpoint of what was acknowledged, so a graceful stop replays as little as possible; best effort.
        if (_barrier.Take() is { } last)
        {
            try
            {
                await CheckpointAsync(last).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Final checkpoint at stop failed; {Count} acknowledged records will be replayed at start", last.Records);
            }
        }
    }

    /// <summary>
    /// One dispatch worker, restarted (with backoff) whatever fails inside it; the round it held is resumed, not lost.
    /// Its health condition is raised while it is down and cleared once it completed a round again.
    /// </summary>
    private async Task RunWorkerAsync(int worker, CancellationToken ct)
    {
        var round = new DispatchRound(_options.DispatchBatchSize);
        var condition = $"dispatch worker {worker}";
        var context = DispatchResilience.Context(condition, "worker", ct);
        try
        {
            await _resilience.Forever.ExecuteAsync(static (ctx, state) => state.Self.WorkAsync(state.Round, state.Condition, ctx.CancellationToken),
                context, (Self: this, Round: round, Condition: condition));
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopping (a grain call cut short by the stop is not a failure to report).
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            // Shutting down: what was not acknowledged stays unprocessed in the journal and is replayed at start.
            foreach (var waiter in round.Waiters)
                waiter.TrySetCanceled();
        }
    }

    private async ValueTask WorkAsync(DispatchRound round, string condition, CancellationToken ct)
    {
        // Resumed after a failure: finish the round it held first.
        if (round.Records.Count > 0)
            await CompleteRoundAsync(round, condition, ct);
        _health.Recover(condition);
        while (await _queue.Reader.WaitToReadAsync(ct))
        {
            Interlocked.Increment(ref _busyWorkers);
            try
            {
                // Coalesce small journaled batches (many small requests) into one round of grain calls.
                while (round.Records.Count < _options.DispatchBatchSize && _queue.Reader.TryRead(out var batch))
                {
                    _slots.Release();
                    batch.TenantSlot?.Release();
                    round.Add(batch);
                }
                if (round.Records.Count > 0)
                    await CompleteRoundAsync(round, condition, ct);
            }
            finally
            {
                // Idle while someone waits for idle (tests, bench, a drain): checkpoint now rather than at the next
                // interval. Not otherwise: at a paced rate dispatch idles between requests, and a checkpoint at each
                // pause would make every monitor persist its whole state many times a second.
                if (Interlocked.Decrement(ref _busyWorkers) == 0 && _queue.Reader.Count == 0 && Volatile.Read(ref _idleWaiters) > 0)
                    SignalCheckpoint();
            }
        }
    }

    private async Task CompleteRoundAsync(DispatchRound round, string condition, CancellationToken ct)
    {
        var monitors = await DispatchAsync(round.Records, round.Traces, ct);
        var otherRecords = 0;
        if (round.Others is { } others)
        {
            foreach (var (journal, sequences) in others)
            {
                _otherBarriers.GetOrAdd(journal, static _ => new CheckpointBarrier()).Acknowledge(sequences, monitors, sequences.Count);
                otherRecords += sequences.Count;
            }
        }
        _barrier.Acknowledge(round.Sequences, monitors, round.Records.Count - otherRecords);
        IngestTelemetry.Dispatched.Add(round.Records.Count);
        Interlocked.Add(ref _acknowledged, round.Records.Count);
        // Acknowledged (or parked) and journaled: a streaming source may commit its offsets now. If the process dies
        // before the next checkpoint, the journal replays these records (it marks them processed only after it), so
        // waiting for the checkpoint here would only make every Kafka round force a full state write of its monitors.
        foreach (var waiter in round.Waiters)
            waiter.TrySetResult();
        round.Clear();
        _health.Recover(condition);
    }

    /// <summary>Calls every monitor of the round; returns the monitors that acknowledged records (to checkpoint).</summary>
    private async Task<List<string>> DispatchAsync(List<MonitoredRecord> records, BatchTraceLinks traces, CancellationToken ct)
    {
        // Under the first contributing request's trace, linked to every other one's: grain calls made inside continue it.
        using var activity = traces.Start(IngestTelemetry.Source, "ingest.dispatch");
        activity?.SetTag("lepton.records", records.Count);
        var started = Stopwatch.GetTimestamp();

        var routes = _router.Route(records);
        activity?.SetTag("lepton.grain_calls", routes.Count);
        var keys = new string[routes.Count];
        var calls = new Task<bool>[routes.Count];
        var i = 0;
        foreach (var (key, batch) in routes)
        {
            keys[i] = key;
            calls[i++] = CallAsync(key, batch, ct);
        }
        await Task.WhenAll(calls);

        var acknowledged = new List<string>(keys.Length);
        for (i = 0; i < keys.Length; i++)
            if (calls[i].Result)
                acknowledged.Add(keys[i]);
        IngestTelemetry.DispatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        IngestTelemetry.DispatchRecords.Record(records.Count);
        return acknowledged;
    }

    /// <summary>
    /// Calls one monitor, retrying failures with backoff (grains are idempotent per record id) for the retry budget;
    /// then parks the records with their payload and the failure as reason. Records the monitor reports it could not
    /// check are parked too. If parking fails, the whole call is retried until it succeeds: nothing is dropped, and
    /// the records stay unprocessed in the journal meanwhile. True when the monitor acknowledged the batch (so it
    /// must checkpoint), false when the batch was parked instead.
    /// </summary>
    private async Task<bool> CallAsync(string key, MonitoredRecord[] batch, CancellationToken ct)
    {
        var condition = $"monitor {key}";
        var context = DispatchResilience.Context(condition, "park", ct);
        try
        {
            var acknowledged = await _resilience.Forever.ExecuteAsync(static (ctx, state) => state.Self.CallOnceAsync(state.Key, state.Batch, ctx.CancellationToken),
                context, (Self: this, Key: key, Batch: batch));
            _health.Recover(condition);
            return acknowledged;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<bool> CallOnceAsync(string key, MonitoredRecord[] batch, CancellationToken ct)
    {
        var grain = _grains.GetGrain<IJurisdictionMonitorGrain>(key);
        BatchResult result;
        var context = DispatchResilience.Context($"monitor {key}", "monitor", ct);
        try
        {
            result = await _resilience.Budgeted.ExecuteAsync(static async (_, state) =>
            {
                try
                {
                    return await state.Grain.ProcessAsync(new RecordBatch(state.Batch));
                }
                catch
                {
                    IngestTelemetry.DispatchFailures.Add(1);
                    throw;
                }
            }, context, (Grain: grain, Batch: batch));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _logger.LogError(e, "Monitor {Key} kept failing for {Budget}; parking {Count} records with their payload", key, _options.DispatchRetryBudget, batch.Length);
            var reason = $"processing: monitor {key} failed: {e.GetType().Name}: {e.Message}";
            await ParkAsync(Array.ConvertAll(batch, r => new ParkedRecord(r, key, reason, Retryable: true)), ct);
            return false;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (result.Failed is { Length: > 0 } failed)
        {
            // The monitor isolated these records and checked the rest: park just them, with the monitor's reason.
            var byId = new Dictionary<string, MonitoredRecord>(batch.Length, StringComparer.Ordinal);
            foreach (var record in batch)
                byId.TryAdd(record.Id, record);
            var parked = new List<ParkedRecord>(failed.Length);
            foreach (var failure in failed)
            {
                if (byId.TryGetValue(failure.RecordId, out var record))
                    parked.Add(new ParkedRecord(record, key, failure.Reason, failure.Retryable));
                else
                    _logger.LogWarning("Monitor {Key} reported record {RecordId} failed, but it was not in the batch", key, failure.RecordId);
            }
            _logger.LogWarning("Monitor {Key} could not check {Count} records (first: {Reason}); parking them", key, parked.Count, failed[0].Reason);
            await ParkAsync(parked, ct);
        }
        return true;
    }

    private async Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
            return;
        await _parked.ParkAsync(records, ct);
        IngestTelemetry.Parked.Add(records.Count);
    }

    private void SignalCheckpoint()
    {
        if (_checkpointSignal.CurrentCount == 0)
            _checkpointSignal.Release();
    }

    /// <summary>
    /// Every <see cref="IngestOptions.CheckpointInterval"/>, or at once when dispatch is idle and someone waits for idle: takes
    /// what was acknowledged and checkpoints it, retrying the same set until it succeeds.
    /// </summary>
    private async Task RunCheckpointsAsync(CancellationToken ct)
    {
        const string condition = "dispatch checkpoint";
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await _checkpointSignal.WaitAsync(_options.CheckpointInterval, ct);
                if (_barrier.Take() is { } pending)
                    await CheckpointWithRetriesAsync(pending, _journal, condition, ct);
                foreach (var (journal, barrier) in _otherBarriers)
                    if (barrier.Take() is { } other)
                        await CheckpointWithRetriesAsync(other, journal, condition, ct);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task CheckpointWithRetriesAsync(PendingCheckpoint pending, IRecordJournal journal, string condition, CancellationToken ct)
    {
        var context = DispatchResilience.Context(condition, "checkpoint", ct);
        try
        {
            await _resilience.Forever.ExecuteAsync(static async (_, state) => await state.Self.CheckpointAsync(state.Pending, state.Journal),
                context, (Self: this, Pending: pending, Journal: journal));
            _health.Recover(condition);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Not checkpointed: the journal replays these records at start.
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Stops tracking a taken-over journal once everything dispatched from it is marked processed (its taker is done).
    /// </summary>
    public void ForgetJournal(IRecordJournal journal) => _otherBarriers.TryRemove(journal, out _);

    private Task CheckpointAsync(PendingCheckpoint pending) => CheckpointAsync(pending, _journal);

    private async Task CheckpointAsync(PendingCheckpoint pending, IRecordJournal journal)
    {
        // One monitor at a time. Every state write goes through the store's one writer (a transaction and an fsync each),
        // and a monitor takes no batch until its own write is done. Called together, each monitor waited for all the
        // writes queued before its own, and the journal appends and alert writes queued behind all of them: every
        // monitor and every alert stalled for the whole checkpoint (the tail of ingest-to-alert latency at a paced rate).
        foreach (var key in pending.Monitors)
            await _grains.GetGrain<IJurisdictionMonitorGrain>(key).CheckpointAsync();
        try
        {
            // One mark per chunk, queued together so the journal's group commit takes them at once: each stays under the
            // large-object threshold where one mark of the whole interval would be copied into large arrays there too.
            var marks = new List<Task>(pending.Sequences.Count / SequenceChunks.ChunkLength + 1);
            foreach (var segment in pending.Sequences.Segments())
                marks.Add(MarkAsync(journal, segment));
            await Task.WhenAll(marks);
        }
        catch (Exception e) when (!ReferenceEquals(journal, _journal) && e is JournalPartitionLostException or ObjectDisposedException)
        {
            // A taken-over partition went to another taker meanwhile: it replays these records (idempotent by id);
            // retrying here would never succeed and would hold up the own journal's checkpoints.
            _logger.LogWarning(e, "Could not mark {Count} taken-over records processed; their partition's next holder replays them", pending.Records);
        }
        Interlocked.Add(ref _processed, pending.Records);

        // A journal that throws before returning its task fails this chunk's task, not the loop: every mark started is awaited.
        static async Task MarkAsync(IRecordJournal journal, ArraySegment<long> sequences) => await journal.MarkProcessedAsync(sequences);
    }

    /// <summary>The batches one worker took for one round; kept across a worker restart so none is lost.</summary>
    private sealed class DispatchRound(int capacity)
    {
        public List<MonitoredRecord> Records { get; } = new(capacity);

        public List<long> Sequences { get; } = new(capacity);

        public List<TaskCompletionSource> Waiters { get; } = [];

        /// <summary>The trace contexts of the round's batches (one per request or message batch).</summary>
        public BatchTraceLinks Traces { get; } = new();

        /// <summary>Sequences of batches from other journals (taken-over partitions), per journal; null while there are none.</summary>
        public Dictionary<IRecordJournal, List<long>>? Others { get; private set; }

        public void Add(JournaledBatch batch)
        {
            Records.AddRange(batch.Records);
            if (batch.Journal is null)
                Sequences.AddRange(batch.Sequences);
            else
                AddOther(batch.Journal, batch.Sequences);
            if (batch.Processed is not null)
                Waiters.Add(batch.Processed);
            Traces.Add(batch.Trace);
        }

        public void Clear()
        {
            Records.Clear();
            Sequences.Clear();
            Waiters.Clear();
            Traces.Clear();
            Others = null;
        }

        private void AddOther(IRecordJournal journal, IReadOnlyList<long> sequences)
        {
            Others ??= [];
            if (!Others.TryGetValue(journal, out var list))
                Others.Add(journal, list = []);
            list.AddRange(sequences);
        }
    }
}
