namespace Lepton.Monitor.Storage;

/// <summary>The audit log's action names for alert lifecycle changes (an alert's history reads as these).</summary>
public static class AlertAuditActions
{
    public const string Acknowledged = "alert.acknowledged";
    public const string Assigned = "alert.assigned";
    public const string Commented = "alert.commented";
    public const string Resolved = "alert.resolved";
    public const string ResolutionStaged = "alert.resolution-staged";
    public const string ResolutionApproved = "alert.resolution-approved";
    public const string ResolutionRejected = "alert.resolution-rejected";
    public const string Reopened = "alert.reopened";
    public const string Snoozed = "alert.snoozed";
    public const string Escalated = "alert.escalated";
    /// <summary>A snoozed alert reopened by itself when its time came (actor <c>system</c>).</summary>
    public const string Unsnoozed = "alert.unsnoozed";
}
