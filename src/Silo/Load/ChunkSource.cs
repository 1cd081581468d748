using System.Buffers;
using System.Threading.Channels;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// The run's records from <see cref="TransactionGenerator"/>, cut into chunks and generated ahead of the schedule:
/// up to <c>readAheadRecords</c> before the clock starts (all of a run that fits, so generating costs nothing during
/// it), the rest by a background thread that stays at most that far ahead, so memory stays bounded on a long soak.
/// </summary>
public sealed class ChunkSource : IDisposable
{
    private readonly Channel<LoadChunk> _chunks;
    private readonly RatePacer _pacer;
    private readonly GeneratorOptions _generator;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _capacityChunks;
    private Task? _producer;
    private long _generatedAfterStart;
    private volatile bool _started;

    public ChunkSource(RatePacer pacer, GeneratorOptions generator, long readAheadRecords)
    {
        _pacer = pacer;
        _generator = generator with { Count = checked((int)pacer.TotalRecords) };
        _capacityChunks = (int)Math.Max(1, Math.Min(pacer.Chunks, readAheadRecords / pacer.ChunkRecords));
        _chunks = Channel.CreateBounded<LoadChunk>(new BoundedChannelOptions(_capacityChunks) { SingleReader = true, SingleWriter = true });
    }

    /// <summary>Records generated after <see cref="MarkStarted"/> (0 when the whole run was generated ahead).</summary>
    public long GeneratedDuringRun => Interlocked.Read(ref _generatedAfterStart);

    /// <summary>Records <see cref="FillAsync"/> generates before the clock starts (the read-ahead in whole chunks, at most the run).</summary>
    public long ReadAheadRecords => Math.Min(_pacer.TotalRecords, (long)_capacityChunks * _pacer.ChunkRecords);

    /// <summary>
    /// Starts generating and returns once the read-ahead is full (or the whole run is generated), reporting the records
    /// generated so far to <paramref name="progress"/>.
    /// </summary>
    public async Task FillAsync(IProgress<long>? progress, CancellationToken ct)
    {
        _producer = Task.Factory.StartNew(Produce, TaskCreationOptions.LongRunning);
        while (_chunks.Reader.Count < _capacityChunks && !_producer.IsCompleted)
        {
            progress?.Report(Math.Min(ReadAheadRecords, (long)_chunks.Reader.Count * _pacer.ChunkRecords));
            await Task.Delay(20, ct);
        }
        if (_producer.IsFaulted)
            await _producer;
        progress?.Report(ReadAheadRecords);
    }

    /// <summary>From here on, generated records count as generated during the run.</summary>
    public void MarkStarted() => _started = true;

    public ValueTask<LoadChunk> NextAsync(CancellationToken ct) =>
        _chunks.Reader.TryRead(out var chunk) ? ValueTask.FromResult(chunk) : _chunks.Reader.ReadAsync(ct);

    private void Produce()
    {
        try
        {
            using var records = TransactionGenerator.Generate(_generator).GetEnumerator();
            var body = new ArrayBufferWriter<byte>(_pacer.ChunkRecords * 460);
            for (long c = 0; c < _pacer.Chunks; c++)
            {
                var n = _pacer.RecordsIn(c);
                var starts = new int[n];
                body.ResetWrittenCount();
                for (var i = 0; i < n && records.MoveNext(); i++)
                {
                    starts[i] = body.WrittenCount;
                    body.Write(records.Current.Utf8Line);
                    body.Write("\n"u8);
                }
                if (_started)
                    Interlocked.Add(ref _generatedAfterStart, n);
                var chunk = new LoadChunk(body.WrittenSpan.ToArray(), starts);
                while (!_chunks.Writer.TryWrite(chunk))
                {
                    // Full: wait for the sender (blocking this dedicated thread, not a pool thread).
                    if (!_chunks.Writer.WaitToWriteAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                        return;
                }
            }
            _chunks.Writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            _chunks.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _chunks.Writer.TryComplete(e);
            throw;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _producer?.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
