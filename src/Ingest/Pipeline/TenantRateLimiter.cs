using System.Collections.Concurrent;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Records per second per tenant (<see cref="IngestOptions.TenantRecordsPerSecond"/>; 0 = no limit), as a token bucket
/// holding one second of the rate. A request is admitted while the bucket is not empty and takes all its records, so
/// a large request may leave the bucket in debt; the tenant's next request waits until the debt is repaid. One
/// tenant's flood then meets 429s while other tenants' buckets are untouched.
/// </summary>
public sealed class TenantRateLimiter(double recordsPerSecond, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public bool Enabled => recordsPerSecond > 0;

    /// <summary>Takes <paramref name="records"/> from the tenant's bucket; null when admitted, else how long to wait.</summary>
    public TimeSpan? TryTake(string tenant, int records)
    {
        if (!Enabled || records <= 0)
            return null;
        var bucket = _buckets.GetOrAdd(tenant, static (_, state) => new Bucket(state.Rate, state.Now), (Rate: recordsPerSecond, Now: clock.GetTimestamp()));
        return bucket.TryTake(records, recordsPerSecond, clock);
    }

    private sealed class Bucket(double tokens, long at)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;
        private long _at = at;

        public TimeSpan? TryTake(int records, double rate, TimeProvider clock)
        {
            lock (_gate)
            {
                var now = clock.GetTimestamp();
                _tokens = Math.Min(rate, _tokens + clock.GetElapsedTime(_at, now).TotalSeconds * rate);
                _at = now;
                if (_tokens <= 0)
                    return TimeSpan.FromSeconds((1 - _tokens) / rate); // until the debt is repaid and one record fits
                _tokens -= records;
                return null;
            }
        }
    }
}
