namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>
/// One point of a (tenant, jurisdiction)'s series: rates averaged over the interval that ends at <see cref="At"/>, and
/// the scoring latency percentiles of the batches scored in it (null when none was).
/// </summary>
public readonly record struct MonitoringSample(DateTimeOffset At, double RecordsPerSecond, double AlertsPerSecond, double? ScoringP50Ms, double? ScoringP95Ms);
