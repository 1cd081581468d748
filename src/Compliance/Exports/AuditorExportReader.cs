using System.Runtime.CompilerServices;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Exports;

/// <summary>Streams what an export holds, page by page, so a large period never sits in memory at once.</summary>
public static class AuditorExportReader
{
    /// <summary>The tenant's alerts active in the period (see <see cref="AlertExportPeriod"/>), newest first.</summary>
    public static async IAsyncEnumerable<AlertExportRow> AlertsAsync(IAlertStore alerts, string tenant, AlertExportPeriod period, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = await alerts.QueryAsync(new AlertQuery { Tenant = tenant, Since = period.From, PageSize = Paging.MaxPageSize, Cursor = cursor }, ct);
            foreach (var alert in page.Items)
            {
                if (period.Covers(alert.FirstSeen, alert.LastSeen))
                    yield return AlertExportRow.From(alert);
            }
            cursor = page.NextCursor;
        } while (cursor is not null);
    }

    /// <summary>Audit entries in seq order: one tenant's, or every entry when <paramref name="tenant"/> is null (admin).</summary>
    public static async IAsyncEnumerable<AuditEntry> AuditAsync(IAuditLog audit, string? tenant, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = await audit.ListAsync(tenant, Paging.MaxPageSize, cursor, ct);
            foreach (var entry in page.Items)
                yield return entry;
            cursor = page.NextCursor;
        } while (cursor is not null);
    }
}
