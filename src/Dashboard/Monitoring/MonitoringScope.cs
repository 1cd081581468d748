namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>
/// What one (tenant, jurisdiction) did: running totals (updated from any thread without locks), the scoring latencies
/// of the current interval (the latest <see cref="MaxLatencies"/> kept, so memory stays bounded under load) and the
/// ring of past samples.
/// </summary>
internal sealed class MonitoringScope(int capacity)
{
    public const int MaxLatencies = 4096;

    private readonly SampleRing<MonitoringSample> _samples = new(capacity);
    private readonly double[] _latencies = new double[MaxLatencies];
    private long _latencyCount;
    private long _records;
    private long _alerts;
    private long _sampledRecords;
    private long _sampledAlerts;

    public long Records => Interlocked.Read(ref _records);

    public long Alerts => Interlocked.Read(ref _alerts);

    public void AddRecords(long n) => Interlocked.Add(ref _records, n);

    public void AddAlerts(long n) => Interlocked.Add(ref _alerts, n);

    public void AddLatency(double ms)
    {
        lock (_latencies)
        {
            _latencies[(int)(_latencyCount % MaxLatencies)] = ms;
            _latencyCount++;
        }
    }

    /// <summary>Closes the interval of <paramref name="seconds"/> ending at <paramref name="at"/> into one sample.</summary>
    public void Sample(DateTimeOffset at, double seconds)
    {
        var records = Records;
        var alerts = Alerts;
        double[] latencies;
        lock (_latencies)
        {
            latencies = _latencies[..(int)Math.Min(_latencyCount, MaxLatencies)];
            _latencyCount = 0;
        }
        Array.Sort(latencies);
        var sample = new MonitoringSample(at, (records - _sampledRecords) / seconds, (alerts - _sampledAlerts) / seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95));
        _sampledRecords = records;
        _sampledAlerts = alerts;
        lock (_samples)
            _samples.Add(sample);
    }

    public MonitoringSample[] Samples()
    {
        lock (_samples)
            return _samples.ToArray();
    }

    /// <summary>Nearest-rank percentile of sorted values; null for none.</summary>
    internal static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
