using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Storage;

/// <summary>Metrics of alert triage (meter <c>Lepton.Monitor.AlertLifecycle</c>, exported with the other Lepton.Monitor.* meters).</summary>
public static class AlertLifecycleTelemetry
{
    public const string Name = "Lepton.Monitor.AlertLifecycle";
    public static readonly Meter Meter = new(Name);

    /// <summary>Tagged <c>action</c> (acknowledge, resolve, …) and <c>outcome</c> (changed, unchanged, conflict, refused, not-found).</summary>
    public static readonly Counter<long> Actions = Meter.CreateCounter<long>("lepton.alert.actions", unit: "{action}",
        description: "Triage actions on alerts, by action and outcome");

    public static readonly Counter<long> Unsnoozed = Meter.CreateCounter<long>("lepton.alert.unsnoozed", unit: "{alert}",
        description: "Snoozed alerts reopened by themselves when their time came");

    public static void CountAction(AlertAction action, string outcome) =>
        Actions.Add(1, new KeyValuePair<string, object?>("action", AlertActionNames.ToText(action)), new KeyValuePair<string, object?>("outcome", outcome));
}
