namespace Lepton.Monitor.Storage;

/// <summary>The alert change types of PRODUCT.md §6, shared by SSE, webhooks and (prefixed <c>lepton.</c>) the Kafka topic.</summary>
public static class AlertEventTypes
{
    public const string Raised = "alert.raised";
    public const string Updated = "alert.updated";
    public const string Resolved = "alert.resolved";

    /// <summary>What a change from <paramref name="before"/> (null: the alert is new) to <paramref name="after"/> is.</summary>
    public static string Of(Contracts.Alert? before, Contracts.Alert after) =>
        before is null ? Raised
        : after.Status == Contracts.AlertStatus.Resolved && before.Status != Contracts.AlertStatus.Resolved ? Resolved
        : Updated;

    /// <summary>
    /// Whether subscribers are told: a silence keeps a new alert and its growth quiet (stored as suppressed, never
    /// notified); the change that suppresses an alert already notified, and the one that lifts it, are told.
    /// </summary>
    public static bool Notifies(Contracts.Alert? before, Contracts.Alert after) =>
        after.Status != Contracts.AlertStatus.Suppressed || (before is not null && before.Status != Contracts.AlertStatus.Suppressed);
}
