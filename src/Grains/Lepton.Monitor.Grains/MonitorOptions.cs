using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Grains;

/// <summary>Settings of the monitor grains (section <c>Lepton:Monitor</c>).</summary>
public sealed class MonitorOptions
{
    /// <summary>
    /// How often a monitor writes changed state (entity windows, drift and fairness summaries); also at deactivation.
    /// A crash loses at most this much window state (alerts are durable on their own).
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Memory budget and allowed lateness of the per-entity windows (structuring, velocity).</summary>
    public EntityWindowsOptions EntityWindows { get; set; } = new();
}
