using System.Globalization;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Apis;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>
/// What one stream asks for: the change-feed filter (already narrowed to the caller's tenant) and where to start.
/// Built from the query string of <c>GET /v1/alerts/stream</c> by <see cref="TryParse"/>.
/// </summary>
public sealed record AlertStreamRequest
{
    /// <summary>Filters of <c>GET /v1/alerts</c> the change feed cannot apply: asking for them answers 400, not a silently wider stream.</summary>
    public static readonly IReadOnlyList<string> UnsupportedFilters = ["ruleKind", "entity", "recordId"];

    public required AlertEventFilter Filter { get; init; }

    /// <summary>A scoped key asked for another tenant: the stream stays open with heartbeats and never carries an event (as the list answers empty).</summary>
    public bool MatchesNothing { get; init; }

    /// <summary>Resume strictly after this event id (<c>Last-Event-ID</c> header, else the <c>lastEventId</c> query parameter).</summary>
    public long? LastEventId { get; init; }

    /// <summary>Without <see cref="LastEventId"/>: start at the first kept event at or after this time (else at the live end).</summary>
    public DateTimeOffset? Since { get; init; }

    public static bool TryParse(IQueryCollection query, string? lastEventIdHeader, Caller caller, out AlertStreamRequest? request, out string? error)
    {
        request = null;
        foreach (var name in UnsupportedFilters)
        {
            if (query.ContainsKey(name))
            {
                error = $"{name}: the alert stream cannot filter by {name} (it filters by tenant, jurisdiction, kind, severity, status and since); use GET /v1/alerts";
                return false;
            }
        }
        string? Text(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

        if (!EnumQuery.TryParse<AlertKind>("kind", Text("kind"), out var kind, out error)
            || !EnumQuery.TryParse<Severity>("severity", Text("severity"), out var severity, out error)
            || !EnumQuery.TryParse<AlertStatus>("status", Text("status"), out var status, out error))
            return false;

        DateTimeOffset? since = null;
        if (Text("since") is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error = "since: must be a date and time (ISO 8601, e.g. 2026-11-22T14:00:00Z)";
                return false;
            }
            since = parsed;
        }

        long? lastEventId = null;
        var idText = string.IsNullOrEmpty(lastEventIdHeader) ? Text("lastEventId") : lastEventIdHeader;
        if (idText is not null)
        {
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = "Last-Event-ID: must be an event id this stream sent (a non-negative integer)";
                return false;
            }
            lastEventId = id;
        }

        var tenant = Text("tenant");
        request = new AlertStreamRequest
        {
            Filter = new AlertEventFilter
            {
                Tenant = caller.ScopeFilter(tenant),
                Jurisdiction = Text("jurisdiction"),
                Kind = kind,
                Severity = severity,
                Status = status,
                // A silence keeps a new alert quiet (Notify false); only a stream that asks for suppressed alerts sees those.
                NotifyOnly = status != AlertStatus.Suppressed,
            },
            MatchesNothing = caller.Tenant is not null && tenant is not null && tenant != caller.Tenant,
            LastEventId = lastEventId,
            Since = since,
        };
        error = null;
        return true;
    }
}
