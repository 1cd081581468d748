using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The audit details of an alert change: only the lifecycle fields that changed, before and after (comments as their
/// count, with the added texts), so <c>GET /v1/alerts/{id}/history</c> reads as who changed what from what to what.
/// </summary>
public static class AlertChangeAudit
{
    public static Dictionary<string, object?> Details(Alert? before, Alert after, object? extra = null)
    {
        var b = new Dictionary<string, object?>();
        var a = new Dictionary<string, object?>();
        void Field<T>(string name, T? x, T? y)
        {
            if (before is not null && EqualityComparer<T>.Default.Equals(x, y))
                return;
            if (before is not null)
                b[name] = x;
            a[name] = y;
        }
        Field("status", before is null ? null : StoredEnums.ToText(before.Status), StoredEnums.ToText(after.Status));
        Field("severity", before is null ? null : StoredEnums.ToText(before.Severity), StoredEnums.ToText(after.Severity));
        Field("disposition", before?.Disposition is { } bd ? StoredEnums.ToText(bd) : null, after.Disposition is { } ad ? StoredEnums.ToText(ad) : null);
        Field("assignee", before?.Assignee, after.Assignee);
        Field("snoozedUntil", before?.SnoozedUntil, after.SnoozedUntil);
        Field("pendingResolution", before?.PendingResolution, after.PendingResolution);
        Field("silencedBy", before?.SilencedBy, after.SilencedBy);
        Field("escalatedBy", before?.EscalatedBy, after.EscalatedBy);
        Field("comments", before?.Comments.Length, after.Comments.Length);
        Field("version", before?.Version, after.Version);
        var details = new Dictionary<string, object?> { ["after"] = a };
        if (before is not null)
            details["before"] = b;
        var added = before is null ? after.Comments : after.Comments.Skip(before.Comments.Length).ToArray();
        if (added.Length > 0)
            details["commentsAdded"] = added.Select(c => c.Text).ToArray();
        if (extra is not null)
            details["request"] = extra;
        return details;
    }
}
