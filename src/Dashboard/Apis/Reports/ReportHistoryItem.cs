using System.Text.Json;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis.Reports;

/// <summary>
/// One step in <c>GET /v1/reports/{id}/history</c>: the report's audit entry (report.created, report.edited with the
/// field names, report.submit|return|approve|file with from/to, reason and FIU reference) as who did what when:
/// <see cref="Actor"/> as the audit log records it, <see cref="ActorName"/> as the board shows it.
/// </summary>
public sealed record ReportHistoryItem(long Seq, DateTimeOffset At, string Actor, string ActorName, string Action, JsonElement Details)
{
    public static ReportHistoryItem From(AuditEntry entry, PersonNames names)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(names);
        using var document = JsonDocument.Parse(entry.Details);
        return new ReportHistoryItem(entry.Seq, entry.At, entry.Actor, names.Of(entry.Actor), entry.Action, document.RootElement.Clone());
    }
}

public sealed record ReportHistory(IReadOnlyList<ReportHistoryItem> Items);
