using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Grains;

/// <summary>Settings of the monitor grains (section <c>Lepton:Monitor</c>).</summary>
public sealed class MonitorOptions
{
    /// <summary>
    /// How often a monitor writes changed state (entity windows, drift and fairness summaries) on its own; also at
    /// deactivation and whenever the dispatcher checkpoints it (before marking records processed, so a crash replays
    /// what the snapshot lacks). The timer is a backstop for callers that do not checkpoint.
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Memory budget and allowed lateness of the per-entity windows (structuring, velocity).</summary>
    public EntityWindowsOptions EntityWindows { get; set; } = new();
}
