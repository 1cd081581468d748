using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Board.Context;

/// <summary>
/// GET /v1/entities/{entity}: one pseudonymized entity of one tenant as a timeline, newest first: its evidence records,
/// its alerts (at firstSeen) and their resolutions (who set which disposition, when). Bounded: the newest
/// <see cref="MaxRecords"/> records and <see cref="MaxAlerts"/> alerts.
/// </summary>
public sealed record EntityTimeline(string Tenant, string Entity, IReadOnlyList<EntityTimelineItem> Items, bool Truncated)
{
    public const int MaxRecords = 200;
    public const int MaxAlerts = 100;

    public static async Task<EntityTimeline> BuildAsync(string tenant, string entity, IAlertContextReader context, CancellationToken ct = default)
    {
        var evidence = await context.EntityEvidenceAsync(tenant, entity, MaxRecords, ct).ConfigureAwait(false);
        var alerts = await context.EntityAlertsAsync(tenant, entity, MaxAlerts, ct: ct).ConfigureAwait(false);
        var resolved = alerts.Where(a => a.Status == AlertStatus.Resolved).ToDictionary(a => a.Id);
        var resolutions = await context.ResolutionsAsync(resolved.Keys, ct).ConfigureAwait(false);
        return new EntityTimeline(tenant, entity, Merge(evidence, alerts, resolved, resolutions),
            evidence.Count == MaxRecords || alerts.Count == MaxAlerts);
    }

    /// <summary>One item per record (listing every alert it is evidence of), alert and resolution; newest first.</summary>
    public static List<EntityTimelineItem> Merge(
        IReadOnlyList<AlertEvidence> evidence, IReadOnlyList<Alert> alerts, IReadOnlyDictionary<string, Alert> resolved,
        IReadOnlyList<(string AlertId, DateTimeOffset At, string Actor, string Action)> resolutions)
    {
        var items = new List<EntityTimelineItem>();
        foreach (var group in evidence.GroupBy(e => e.RecordId, StringComparer.Ordinal))
        {
            var first = group.First();
            items.Add(new EntityTimelineItem("record", first.EventTime)
            {
                RecordId = first.RecordId,
                AlertIds = group.Select(e => e.AlertId).Distinct(StringComparer.Ordinal).ToArray(),
                Record = first.Record,
            });
        }
        foreach (var alert in alerts)
            items.Add(new EntityTimelineItem("alert", alert.FirstSeen) { AlertId = alert.Id, Alert = alert });
        // The latest resolution of each resolved alert (a reopened and resolved-again alert keeps its current disposition).
        foreach (var r in resolutions.GroupBy(r => r.AlertId).Select(g => g.MaxBy(r => r.At)))
        {
            var alert = resolved[r.AlertId];
            items.Add(new EntityTimelineItem("disposition", r.At)
            {
                AlertId = r.AlertId,
                RuleId = alert.RuleId,
                Disposition = alert.Disposition,
                Actor = r.Actor,
            });
        }
        items.Sort((a, b) => b.At.CompareTo(a.At));
        return items;
    }
}

/// <summary>A timeline entry: <see cref="Type"/> is <c>record</c>, <c>alert</c> or <c>disposition</c>.</summary>
public sealed record EntityTimelineItem(string Type, DateTimeOffset At)
{
    public string? RecordId { get; init; }
    public string[]? AlertIds { get; init; }
    public JsonElement? Record { get; init; }
    public string? AlertId { get; init; }
    public Alert? Alert { get; init; }
    public string? RuleId { get; init; }
    public Disposition? Disposition { get; init; }
    public string? Actor { get; init; }
}
