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

    /// <summary>
    /// Persist changed state before acknowledging each batch. A cluster's silos do (<c>lepton silo</c> turns it on
    /// unless set): when a silo dies, nothing replays the journal — the api processes live on — so state a dead
    /// activation had not yet written would be lost to the entity windows of its successor. The all-in-one replays its
    /// journal after a crash instead and keeps the cheaper checkpoint cadence.
    /// </summary>
    public bool PersistEachBatch { get; set; }

    /// <summary>Memory budget and allowed lateness of the per-entity windows (structuring, velocity).</summary>
    public EntityWindowsOptions EntityWindows { get; set; } = new();
}
