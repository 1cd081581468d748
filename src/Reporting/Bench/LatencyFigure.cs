namespace Lepton.Monitor.Reporting.Bench;

/// <summary>Latency percentiles of one scenario in milliseconds (e.g. "ingest to alert at saturation", "at half rate").</summary>
public sealed record LatencyFigure(string Scenario, double P50Ms, double P99Ms)
{
    public double? P90Ms { get; init; }
    public double? MaxMs { get; init; }

    /// <summary>The p99 it should stay at or under; null when none.</summary>
    public double? TargetP99Ms { get; init; }
}
