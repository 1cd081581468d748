namespace Lepton.Monitor.Alerting;

/// <summary><c>Lepton:Alerts</c>: how often snoozed alerts are checked for reopening.</summary>
public sealed class SnoozeOptions
{
    public const string Section = "Lepton:Alerts";

    /// <summary><c>Lepton:Alerts:SnoozeCheckInterval</c>; an alert reopens at most this long after its time.</summary>
    public TimeSpan SnoozeCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
