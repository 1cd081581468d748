namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// Measures the runtime's cost of one bench phase: a reading when started, one when stopped, and the thread pool's
/// size sampled in between (it grows and shrinks inside a phase, so the two ends alone would miss its peak).
/// </summary>
public sealed class RuntimeMeter : IDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(50);

    private readonly RuntimeReading _before;
    private readonly Timer _sampler;
    private int _maxThreads;

    private RuntimeMeter()
    {
        _before = RuntimeReading.Take();
        _maxThreads = _before.ThreadPoolThreads;
        _sampler = new Timer(_ => Sample(), null, SampleEvery, SampleEvery);
    }

    public static RuntimeMeter Start() => new();

    /// <summary>The cost from the start to now, over <paramref name="records"/> records.</summary>
    public RuntimeCost Stop(long records)
    {
        var after = RuntimeReading.Take();
        _sampler.Change(Timeout.Infinite, Timeout.Infinite);
        return RuntimeCost.Between(_before, after, records, Volatile.Read(ref _maxThreads));
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        var threads = ThreadPool.ThreadCount;
        int seen;
        while (threads > (seen = Volatile.Read(ref _maxThreads)) && Interlocked.CompareExchange(ref _maxThreads, threads, seen) != seen)
        {
        }
    }
}
