using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// What the senders report, thread-safe: records the target acknowledged, latencies (due → acknowledged) over the
/// whole run and over the current one-second window, and failed records by kind, backpressure (429, 503, a full
/// local queue) apart from real errors.
/// </summary>
public sealed class LoadStatistics
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _backpressureKinds = new(StringComparer.Ordinal);
    private LatencyHistogram _window = new();
    private long _acknowledged;
    private long _duplicates;
    private long _backpressure;
    private long _failed;
    private long _lastAcknowledged;

    public LatencyHistogram Total { get; } = new();

    /// <summary>Records the target acknowledged (HTTP: its 202's accepted count; Kafka: acked; Event Hubs: sent).</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Records a 202 reported as duplicates (already ingested ids): acknowledged, but not accepted again.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long BackpressureRecords => Interlocked.Read(ref _backpressure);
    public long FailedRecords => Interlocked.Read(ref _failed);

    /// <summary>Stopwatch timestamp of the last acknowledgement (0 before the first).</summary>
    public long LastAcknowledgedAt => Interlocked.Read(ref _lastAcknowledged);

    public void Acknowledge(int records, long dueTimestamp, int duplicates = 0)
    {
        var now = Stopwatch.GetTimestamp();
        var latency = Stopwatch.GetElapsedTime(dueTimestamp, now);
        Total.Record(latency);
        Volatile.Read(ref _window).Record(latency);
        Interlocked.Add(ref _acknowledged, records);
        Interlocked.Add(ref _duplicates, duplicates);
        long last;
        while (now > (last = Interlocked.Read(ref _lastAcknowledged)) && Interlocked.CompareExchange(ref _lastAcknowledged, now, last) != last)
        {
        }
    }

    /// <summary>Counts <paramref name="records"/> as failed with <paramref name="kind"/> (e.g. "http 500").</summary>
    public void Fail(string kind, int records, bool backpressure)
    {
        _errors.AddOrUpdate(kind, records, (_, n) => n + records);
        if (backpressure)
        {
            _backpressureKinds.TryAdd(kind, 0);
            Interlocked.Add(ref _backpressure, records);
        }
        else
        {
            Interlocked.Add(ref _failed, records);
        }
    }

    /// <summary>Failed records by kind, and whether the kind is backpressure.</summary>
    public IReadOnlyList<(string Kind, long Records, bool Backpressure)> Errors =>
        _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value, _backpressureKinds.ContainsKey(e.Key))).ToList();

    /// <summary>The latencies since the last call; starts a new window.</summary>
    public LatencyHistogram TakeWindow() => Interlocked.Exchange(ref _window, new LatencyHistogram());
}
