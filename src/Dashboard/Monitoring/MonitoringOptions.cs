namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>Sampling of the monitoring views' time series (section <c>Lepton:Dashboard:Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Lepton:Dashboard:Monitoring";

    /// <summary>One point per (tenant, jurisdiction) this often: records/s and alerts/s are averaged over it.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How far back the series reach; older points fall out of a fixed-size ring.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Points kept per (tenant, jurisdiction): Retention / SampleInterval, at least 2 and at most 100,000.</summary>
    public int Capacity => (int)Math.Clamp(Math.Ceiling(Retention / Interval), 2, 100_000);

    /// <summary>The interval actually used: at least 100 ms, whatever was configured.</summary>
    public TimeSpan Interval => SampleInterval < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : SampleInterval;
}
