namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// A lock-free log-linear histogram of latencies in microseconds (64 sub-buckets per power of two: a percentile is
/// within 1.6 % of the true value), so a long soak records every sample in fixed memory. The exact maximum is kept.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int Sub = 1 << SubBits;
    private const int Powers = 44; // up to 2^44 µs ≈ 200 days
    private readonly long[] _counts = new long[Powers * Sub];
    private long _count;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0L, (long)latency.TotalMicroseconds);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        long max;
        while (micros > (max = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, max) != max)
        {
        }
    }

    /// <summary>The latency in milliseconds below which a share <paramref name="p"/> of the samples lie (NaN when empty).</summary>
    public double PercentileMs(double p)
    {
        var total = Count;
        if (total == 0)
            return double.NaN;
        var rank = Math.Clamp((long)Math.Ceiling(p * total), 1, total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
                return Math.Min(UpperMicros(i), Interlocked.Read(ref _maxMicros)) / 1000.0;
        }
        return MaxMs;
    }

    public double MaxMs => Count == 0 ? double.NaN : Interlocked.Read(ref _maxMicros) / 1000.0;

    // Values below 64 have their own bucket; above, a power of two is split into 64 equal sub-buckets.
    internal static int Index(long micros)
    {
        if (micros < Sub)
            return (int)micros;
        var power = 63 - (int)long.LeadingZeroCount(micros); // ≥ SubBits
        var sub = (int)(micros >> (power - SubBits)) - Sub;
        return Math.Min((power - SubBits + 1) * Sub + sub, Powers * Sub - 1);
    }

    internal static long UpperMicros(int index)
    {
        if (index < Sub)
            return index;
        var power = index / Sub - 1 + SubBits;
        var sub = index % Sub;
        return (((long)(Sub + sub + 1)) << (power - SubBits)) - 1;
    }
}
