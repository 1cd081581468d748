using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Apis;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Board.Snapshot;

/// <summary>
/// The query of <c>GET /v1/board/alerts</c>, checked: enum filters in the API's spelling, several statuses (repeated
/// <c>status=</c> or comma-separated; <c>status=all</c> for every status) and a page size up to
/// <see cref="BoardAlertQuery.MaxPageSize"/>.
/// </summary>
public static class BoardSnapshotRequest
{
    public const int DefaultPageSize = 500;

    /// <summary>
    /// Without a status filter the board lists the work still owned: open, acknowledged and snoozed (a snoozed alert
    /// comes back by itself). Suppressed alerts are what a silence was made to keep off the queue, and resolved ones are
    /// done; both are one filter away.
    /// </summary>
    public static readonly string[] DefaultStatuses = ["open", "acknowledged", "snoozed"];

    public static bool TryParse(string? tenant, string? jurisdiction, string? kind, string? severity, string[]? status,
        int? pageSize, string? cursor, out BoardAlertQuery query, out string? error)
    {
        query = new BoardAlertQuery();
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > BoardAlertQuery.MaxPageSize)
        {
            error = $"pageSize: must be 1..{BoardAlertQuery.MaxPageSize}";
            return false;
        }
        if (!EnumQuery.TryParse<AlertKind>("kind", kind, out var k, out error)
            || !EnumQuery.TryParse<Severity>("severity", severity, out var sev, out error))
            return false;

        var statuses = new List<string>();
        var texts = (status ?? []).SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (texts.Count == 0)
            statuses.AddRange(DefaultStatuses);
        else if (!texts.Contains("all", StringComparer.OrdinalIgnoreCase))
        {
            foreach (var text in texts)
            {
                if (!EnumQuery.TryParse<AlertStatus>("status", text, out var st, out error))
                    return false;
                statuses.Add(StoredEnums.ToText(st!.Value));
            }
        }

        query = new BoardAlertQuery
        {
            Tenant = tenant,
            Jurisdiction = string.IsNullOrEmpty(jurisdiction) ? null : jurisdiction,
            Kind = k is { } kindValue ? StoredEnums.ToText(kindValue) : null,
            Severity = sev is { } severityValue ? StoredEnums.ToText(severityValue) : null,
            Statuses = statuses,
            PageSize = size,
            Cursor = string.IsNullOrEmpty(cursor) ? null : cursor,
        };
        return true;
    }
}
