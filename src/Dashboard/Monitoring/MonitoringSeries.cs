namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>
/// A (tenant, jurisdiction)'s series as column arrays aligned on <see cref="T"/> (Unix seconds), the shape uPlot draws;
/// a null latency is an interval in which nothing was scored (a gap in the chart).
/// </summary>
public sealed record MonitoringSeries(
    double[] T,
    double[] RecordsPerSecond,
    double[] AlertsPerSecond,
    double?[] ScoringP50Ms,
    double?[] ScoringP95Ms,
    long TotalRecords,
    long TotalAlerts)
{
    public static MonitoringSeries Empty { get; } = new([], [], [], [], [], 0, 0);

    internal static MonitoringSeries From(MonitoringSample[] samples, long records, long alerts) => new(
        [.. samples.Select(s => s.At.ToUnixTimeMilliseconds() / 1000.0)],
        [.. samples.Select(s => Math.Round(s.RecordsPerSecond, 3))],
        [.. samples.Select(s => Math.Round(s.AlertsPerSecond, 3))],
        [.. samples.Select(s => s.ScoringP50Ms is { } v ? Math.Round(v, 3) : (double?)null)],
        [.. samples.Select(s => s.ScoringP95Ms is { } v ? Math.Round(v, 3) : (double?)null)],
        records, alerts);
}
