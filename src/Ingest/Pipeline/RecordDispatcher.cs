using System.Diagnostics;
using System.Threading.Channels;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Fans journaled records out to one <see cref="IJurisdictionMonitorGrain"/> per (tenant, jurisdiction), many records
/// per grain call, and marks them processed in the journal only after every grain acknowledged. The queue in front is
/// bounded: when grains fall behind, <see cref="EnqueueAsync"/> waits, and so does the client (backpressure).
/// </summary>
public sealed class RecordDispatcher : BackgroundService
{
    private readonly Channel<JournaledBatch> _queue;
    private readonly IngestOptions _options;
    private readonly RecordRouter _router;
    private readonly IGrainFactory _grains;
    private readonly IRecordJournal _journal;
    private readonly IDeadLetterStore _deadLetters;
    private readonly TimeProvider _clock;
    private readonly ILogger<RecordDispatcher> _logger;
    private long _processed;
    private long _enqueued;

    public RecordDispatcher(IngestOptions options, RecordRouter router, IGrainFactory grains, IRecordJournal journal,
        IDeadLetterStore deadLetters, TimeProvider clock, ILogger<RecordDispatcher> logger)
    {
        _options = options;
        _router = router;
        _grains = grains;
        _journal = journal;
        _deadLetters = deadLetters;
        _clock = clock;
        _logger = logger;
        _queue = Channel.CreateBounded<JournaledBatch>(new BoundedChannelOptions(options.DispatchQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
        IngestTelemetry.Meter.CreateObservableGauge("lepton.ingest.dispatch_queue", () => _queue.Reader.Count, description: "Journaled batches waiting for dispatch");
    }

    /// <summary>Records handed to dispatch so far (journaled and new).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Records acknowledged by their grains (or dead-lettered after repeated failures) and marked processed.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    public ValueTask EnqueueAsync(JournaledBatch batch, CancellationToken ct = default)
    {
        Interlocked.Add(ref _enqueued, batch.Records.Count);
        return _queue.Writer.WriteAsync(batch, ct);
    }

    /// <summary>Waits until everything enqueued so far has been processed (tests, bench, graceful drain).</summary>
    public async Task WaitForIdleAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Processed < Enqueued)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"dispatch not idle after {timeout}: {Processed}/{Enqueued} processed");
            await Task.Delay(5, ct);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new Task[Math.Max(1, _options.DispatchConcurrency)];
        for (var i = 0; i < workers.Length; i++)
            workers[i] = Task.Run(() => WorkAsync(stoppingToken), stoppingToken);
        return Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        var records = new List<MonitoredRecord>(_options.DispatchBatchSize);
        var sequences = new List<long>(_options.DispatchBatchSize);
        var waiters = new List<TaskCompletionSource>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct))
            {
                records.Clear();
                sequences.Clear();
                waiters.Clear();
                // Coalesce small journaled batches (many small requests) into one round of grain calls.
                while (records.Count < _options.DispatchBatchSize && _queue.Reader.TryRead(out var batch))
                {
                    records.AddRange(batch.Records);
                    sequences.AddRange(batch.Sequences);
                    if (batch.Processed is not null)
                        waiters.Add(batch.Processed);
                }
                if (records.Count > 0)
                    await DispatchAsync(records, sequences, ct);
                // Only after MarkProcessed: a streaming source may now commit its offsets.
                foreach (var waiter in waiters)
                    waiter.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: what was not acknowledged stays unprocessed in the journal and is replayed at start.
            Fail(waiters, null);
        }
        catch (Exception e)
        {
            Fail(waiters, e);
            throw;
        }

        // Waiters of batches this worker took but did not finish learn so (their offsets stay uncommitted).
        static void Fail(List<TaskCompletionSource> waiters, Exception? error)
        {
            foreach (var waiter in waiters)
            {
                if (error is null)
                    waiter.TrySetCanceled();
                else
                    waiter.TrySetException(error);
            }
        }
    }

    private async Task DispatchAsync(List<MonitoredRecord> records, List<long> sequences, CancellationToken ct)
    {
        using var activity = IngestTelemetry.Source.StartActivity("ingest.dispatch");
        activity?.SetTag("lepton.records", records.Count);
        var started = Stopwatch.GetTimestamp();

        var routes = _router.Route(records);
        activity?.SetTag("lepton.grain_calls", routes.Count);
        var calls = new Task[routes.Count];
        var i = 0;
        foreach (var (key, batch) in routes)
            calls[i++] = CallAsync(key, batch, ct);
        await Task.WhenAll(calls);

        await _journal.MarkProcessedAsync(sequences);
        Interlocked.Add(ref _processed, records.Count);
        IngestTelemetry.Dispatched.Add(records.Count);
        IngestTelemetry.DispatchMs.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Retries a failed grain call (grains are idempotent per record id); after the last attempt the records are
    /// dead-lettered with the failure as reason, so nothing is dropped and one bad batch cannot stall the stream.
    /// </summary>
    private async Task CallAsync(string key, MonitoredRecord[] batch, CancellationToken ct)
    {
        var grain = _grains.GetGrain<IJurisdictionMonitorGrain>(key);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grain.ProcessAsync(new RecordBatch(batch));
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                IngestTelemetry.DispatchFailures.Add(1);
                if (attempt >= _options.MaxDispatchAttempts)
                {
                    _logger.LogError(e, "Monitor {Key} failed {Attempts} times; dead-lettering {Count} records", key, attempt, batch.Length);
                    var now = _clock.GetUtcNow();
                    var letters = Array.ConvertAll(batch, r => new DeadLetter(r.Tenant, DeadLetterSources.Dispatch, null, r.Id, $"processing: monitor {key} failed: {e.GetType().Name}: {e.Message}", null, now));
                    await _deadLetters.AddAsync(letters);
                    return;
                }
                _logger.LogWarning(e, "Monitor {Key} call failed (attempt {Attempt}); retrying", key, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)), ct);
            }
        }
    }
}
