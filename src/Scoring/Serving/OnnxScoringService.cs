using System.Diagnostics;
using System.Threading.Channels;
using Lepton.Monitor.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Scores records with one ONNX model shared by every caller in the process. Callers enqueue into a bounded
/// channel (writers wait when it is full); a single loop gathers queued rows until <see cref="ScoringOptions.MaxBatchSize"/>
/// or until <see cref="ScoringOptions.MaxWait"/> has passed since the first of them was queued, extracts features into
/// one reused buffer, makes ONE ONNX Runtime call, and hands each caller its slice. Many small concurrent requests
/// (one per grain activation) thus cost a few large, efficient model runs.
/// </summary>
public sealed class OnnxScoringService : IScoringService, IAsyncDisposable
{
    private const int Width = FeatureExtractor.FeatureCount;

    private readonly ScoringOptions _options;
    private readonly IInferenceBackend _runner;
    private readonly FeatureExtractor _extractor;
    private readonly Channel<ScoringWorkItem> _queue;
    private readonly float[] _features;
    private readonly float[] _scores;
    private readonly float[] _baselineMeans;
    private readonly int _batchRowLimit;
    private readonly long _maxWaitTicks;
    private readonly ScoringInstruments _instruments;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly Lepton.Monitor.Contracts.Tracing.BatchTraceLinks _runTraces = new();
    private long _queuedRows;
    private long _runCount;
    private int _largestBatchRows;
    private int _disposed;

    /// <exception cref="ModelLoadException">The model or card is missing, corrupt, or does not match <see cref="FeatureExtractor"/>.</exception>
    /// <exception cref="ScoringDeviceUnavailableException">Device is cuda and CUDA cannot be used.</exception>
    public OnnxScoringService(ScoringOptions options, ICurrencyConverter currency, ILogger<OnnxScoringService>? logger = null)
        : this(OpenOnnx(options, logger), options, currency, logger)
    {
    }

    /// <summary>Serves <paramref name="backend"/> (taken over: disposed with the service) described by <paramref name="card"/>.</summary>
    /// <param name="modelPath">Where the model came from; reported in <see cref="ModelInfo.ModelPath"/>.</param>
    /// <exception cref="ModelLoadException">The card does not describe the backend's model or this build's features.</exception>
    public OnnxScoringService(IInferenceBackend backend, ModelCard card, string modelPath, ScoringOptions options, ICurrencyConverter currency,
        ILogger<OnnxScoringService>? logger = null)
        : this((backend, card, modelPath), options, currency, logger)
    {
    }

    private OnnxScoringService((IInferenceBackend Backend, ModelCard Card, string ModelPath) model, ScoringOptions options, ICurrencyConverter currency,
        ILogger<OnnxScoringService>? logger)
    {
        ArgumentNullException.ThrowIfNull(model.Backend);
        ArgumentNullException.ThrowIfNull(model.Card);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(currency);
        _runner = model.Backend;
        try
        {
            options.Validate();
            _options = options;
            _logger = logger ?? (ILogger)NullLogger.Instance;
            _extractor = new FeatureExtractor(currency);
            var card = model.Card;
            CheckCardMatches(card, model.ModelPath);
            Model = new ModelInfo(card.Name, card.Version, card.ModelId, _runner.Device, card.Threshold, card.Features, Path.GetFullPath(model.ModelPath), card);
            _baselineMeans = card.Baseline.Features.Select(f => (float)f.Mean).ToArray();
        }
        catch
        {
            _runner.Dispose();
            throw;
        }

        // An explanation is F + 1 rows and is never split, so the buffers hold at least that many.
        var capacityRows = Math.Max(options.MaxBatchSize, Width + 1);
        _batchRowLimit = options.MaxBatchSize;
        _features = GC.AllocateUninitializedArray<float>(capacityRows * Width, pinned: true);
        _scores = GC.AllocateUninitializedArray<float>(capacityRows, pinned: true);
        _maxWaitTicks = (long)(options.MaxWait.TotalSeconds * Stopwatch.Frequency);
        _queue = Channel.CreateBounded<ScoringWorkItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _instruments = new ScoringInstruments(Model.ModelId, Model.Device, () => Interlocked.Read(ref _queuedRows));
        _logger.LogInformation("Scoring with {ModelId} on {Device} from {ModelPath} (batches of up to {MaxBatchSize} rows, wait {MaxWaitMs} ms)",
            Model.ModelId, Model.Device, Model.ModelPath, options.MaxBatchSize, options.MaxWait.TotalMilliseconds);
        _loop = Task.Run(RunLoopAsync);
    }

    public ModelInfo Model { get; }

    /// <summary>ONNX runs so far (tests use it to see batching and splitting).</summary>
    internal long RunCount => Interlocked.Read(ref _runCount);

    /// <summary>Most rows in one run so far.</summary>
    internal int LargestBatchRows => Volatile.Read(ref _largestBatchRows);

    /// <summary>Requests waiting in the bounded queue.</summary>
    internal int QueuedRequests => _queue.Reader.Count;

    public ValueTask<ModelScore[]> ScoreAsync(IReadOnlyList<MonitoredRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (records.Count == 0)
            return ValueTask.FromResult(Array.Empty<ModelScore>());
        return ScoreCoreAsync(records, ct);
    }

    /// <summary>
    /// Scores rows whose features the caller built already (row-major, <see cref="FeatureExtractor.FeatureCount"/> wide, at
    /// most <see cref="ScoringOptions.MaxBatchSize"/> rows), batched with every other caller's work: for offline scoring of
    /// feature files, and to measure the batcher itself against a raw <c>Run</c> on the same tensors.
    /// </summary>
    public async ValueTask<float[]> ScoreFeaturesAsync(ReadOnlyMemory<float> rows, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (rows.Length % Width != 0)
            throw new ArgumentException($"rows must be a multiple of {Width} features long, got {rows.Length}", nameof(rows));
        var count = rows.Length / Width;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _options.MaxBatchSize, nameof(rows));
        if (count == 0)
            return [];
        var item = new FeatureRowsWorkItem(rows, count);
        using var registration = ct.Register(static (state, token) => ((FeatureRowsWorkItem)state!).Cancel(token), item);
        await EnqueueAsync(item, ct).ConfigureAwait(false);
        return await item.Task.ConfigureAwait(false);
    }

    public ValueTask<FeatureContribution[]> ExplainAsync(MonitoredRecord record, int top = 5, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return ExplainCoreAsync(record, Math.Min(top, Width), ct);
    }

    /// <summary>Stops taking work, lets the loop finish what is queued, then releases the ONNX session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _runner.Dispose();
        _instruments.Dispose();
    }

    private async ValueTask<ModelScore[]> ScoreCoreAsync(IReadOnlyList<MonitoredRecord> records, CancellationToken ct)
    {
        var max = _options.MaxBatchSize;
        var chunks = (records.Count + max - 1) / max;
        var job = new ScoreJob(records, Model.ModelId, chunks) { Features = ExtractOnCaller(records) };
        using var registration = ct.Register(static (state, token) => ((ScoreJob)state!).Cancel(token), job);
        for (var offset = 0; offset < records.Count && !job.IsDone; offset += max)
            await EnqueueAsync(new ScoreChunk(job, offset, Math.Min(max, records.Count - offset)), ct).ConfigureAwait(false);
        return await job.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Features of a whole request, computed on the calling thread: featurising costs ~15× the model's run per row, and
    /// on the one batching thread it capped the service far below the model's rate. A record that cannot be featurised
    /// fails its own request here, as it did in the loop.
    /// </summary>
    private float[] ExtractOnCaller(IReadOnlyList<MonitoredRecord> records)
    {
        var features = System.Buffers.ArrayPool<float>.Shared.Rent(records.Count * Width);
        try
        {
            for (var i = 0; i < records.Count; i++)
                _extractor.Extract(records[i], features.AsSpan(i * Width, Width));
            return features;
        }
        catch
        {
            System.Buffers.ArrayPool<float>.Shared.Return(features);
            throw;
        }
    }

    private async ValueTask<FeatureContribution[]> ExplainCoreAsync(MonitoredRecord record, int top, CancellationToken ct)
    {
        var item = new ExplainWorkItem(record, _baselineMeans, Model.FeatureNames, top);
        using var registration = ct.Register(static (state, token) => ((ExplainWorkItem)state!).Cancel(token), item);
        await EnqueueAsync(item, ct).ConfigureAwait(false);
        return await item.Task.ConfigureAwait(false);
    }

    private async ValueTask EnqueueAsync(ScoringWorkItem item, CancellationToken ct)
    {
        Interlocked.Add(ref _queuedRows, item.Rows);
        try
        {
            if (!_queue.Writer.TryWrite(item))
                await _queue.Writer.WriteAsync(item, ct).ConfigureAwait(false); // backpressure: wait for room
        }
        catch (ChannelClosedException e)
        {
            Interlocked.Add(ref _queuedRows, -item.Rows);
            throw new ObjectDisposedException(nameof(OnnxScoringService), e);
        }
        catch
        {
            Interlocked.Add(ref _queuedRows, -item.Rows);
            throw;
        }
    }

    private async Task RunLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<ScoringWorkItem>(64);
        ScoringWorkItem? carried = null;
        Task<bool>? pendingWait = null; // one outstanding WaitToReadAsync, reused across deadline timeouts

        while (true)
        {
            var first = carried;
            carried = null;
            if (first is null)
            {
                if (!TryDequeue(reader, out first))
                {
                    pendingWait ??= reader.WaitToReadAsync().AsTask();
                    var more = await pendingWait.ConfigureAwait(false);
                    pendingWait = null;
                    if (!more)
                        return; // completed and drained
                    continue;
                }
            }

            batch.Add(first);
            var rows = first.Rows;
            var deadline = first.EnqueuedAt + _maxWaitTicks;
            while (rows < _batchRowLimit)
            {
                if (TryDequeue(reader, out var next))
                {
                    if (rows + next.Rows > _batchRowLimit)
                    {
                        carried = next; // starts the next batch
                        break;
                    }
                    batch.Add(next);
                    rows += next.Rows;
                    continue;
                }

                var remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                    break;
                pendingWait ??= reader.WaitToReadAsync().AsTask();
                if (!pendingWait.IsCompleted)
                {
                    var delayMs = Math.Max(1, (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
                    await Task.WhenAny(pendingWait, Task.Delay(delayMs)).ConfigureAwait(false);
                    if (!pendingWait.IsCompleted)
                        break; // deadline passed with nothing new
                }
                var open = pendingWait.Result;
                pendingWait = null;
                if (!open)
                    break; // shutting down: run what we have
            }

            try
            {
                RunBatch(batch);
            }
            catch (Exception e)
            {
                // Never let the loop die: every later caller would wait forever.
                _logger.LogError(e, "Scoring batch failed unexpectedly");
                foreach (var item in batch)
                    item.Fail(e);
            }
            batch.Clear();
        }
    }

    /// <summary>
    /// The run's span: under the first caller's trace and linked to every other caller's (the batch serves many grains'
    /// requests), so each record's trace reaches the model run that scored it. Only the loop thread calls it.
    /// </summary>
    private Activity? StartRunActivity(List<ScoringWorkItem> batch, int live)
    {
        if (!ScoringTelemetry.ActivitySource.HasListeners())
            return null;
        _runTraces.Clear();
        for (var i = 0; i < live; i++)
            _runTraces.Add(batch[i].Caller);
        return _runTraces.Start(ScoringTelemetry.ActivitySource, ScoringTelemetry.RunActivityName);
    }

    private bool TryDequeue(ChannelReader<ScoringWorkItem> reader, out ScoringWorkItem item)
    {
        if (!reader.TryRead(out item!))
            return false;
        Interlocked.Add(ref _queuedRows, -item.Rows);
        return true;
    }

    private void RunBatch(List<ScoringWorkItem> batch)
    {
        // Features first; an item whose records cannot be featurised fails alone instead of sinking the batch.
        var rows = 0;
        var live = 0;
        for (var i = 0; i < batch.Count; i++) // indexed, not foreach: live items are compacted to the front in place
        {
            var item = batch[i];
            if (item.IsAbandoned)
                continue;
            try
            {
                item.WriteFeatures(_extractor, _features.AsSpan(rows * Width, item.Rows * Width));
            }
            catch (Exception e)
            {
                item.Fail(e);
                continue;
            }
            batch[live++] = item;
            rows += item.Rows;
        }
        if (live == 0)
            return;

        using var activity = StartRunActivity(batch, live);
        activity?.SetTag("lepton.model", Model.ModelId);
        activity?.SetTag("lepton.device", Model.Device);
        activity?.SetTag("lepton.batch.rows", rows);
        activity?.SetTag("lepton.batch.requests", live);

        var started = Stopwatch.GetTimestamp();
        try
        {
            _runner.Run(_features, rows, _scores);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            _logger.LogError(e, "ONNX Run of {Rows} rows failed", rows);
            for (var i = 0; i < live; i++)
                batch[i].Fail(e);
            return;
        }
        _instruments.RecordRun(rows, Stopwatch.GetElapsedTime(started).TotalSeconds);
        Interlocked.Increment(ref _runCount);
        if (rows > _largestBatchRows)
            Volatile.Write(ref _largestBatchRows, rows); // only the loop writes it

        var offset = 0;
        for (var i = 0; i < live; i++)
        {
            var item = batch[i];
            try
            {
                item.Complete(_scores.AsSpan(offset, item.Rows));
            }
            catch (Exception e)
            {
                item.Fail(e);
            }
            offset += item.Rows;
        }
    }

    /// <summary>Opens the ONNX model at <see cref="ScoringOptions.ModelPath"/> and its card; the runner is disposed if the card fails.</summary>
    private static (IInferenceBackend, ModelCard, string) OpenOnnx(ScoringOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var runner = InferenceBackends.Create(options.ModelPath, options, logger ?? NullLogger.Instance);
        try
        {
            return (runner, ModelCard.Load(ModelCard.PathFor(options.ModelPath)), options.ModelPath);
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }

    private void CheckCardMatches(ModelCard card, string path)
    {
        if (!card.Features.SequenceEqual(FeatureExtractor.FeatureNames))
            throw new ModelLoadException(path,
                $"model card features [{string.Join(", ", card.Features)}] differ from this build's FeatureExtractor " +
                $"[{string.Join(", ", FeatureExtractor.FeatureNames)}]; retrain the model or deploy a matching build.");
        if (card.Input != _runner.InputName || card.Output != _runner.OutputName)
            throw new ModelLoadException(path,
                $"model card names input '{card.Input}' / output '{card.Output}' but the model has '{_runner.InputName}' / '{_runner.OutputName}'.");
        if (_runner.FeatureCount != Width)
            throw new ModelLoadException(path, $"model input is {_runner.FeatureCount} wide; FeatureExtractor produces {Width}.");
        if (card.Baseline.Features.Count != Width)
            throw new ModelLoadException(path, $"model card baseline has {card.Baseline.Features.Count} features, expected {Width}.");
        if (_runner.Metadata.TryGetValue("version", out var version) && version != card.Version)
            throw new ModelLoadException(path, $"model file is version {version} but its card says {card.Version}.");
    }
}
