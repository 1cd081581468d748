using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>Auto-resolves the open drift, fairness or model-outage alert of an entity whose episode ended, saying so in a comment.</summary>
public sealed class SignalAlertResolver(IAlertStore alerts, TimeProvider clock)
{
    public const string Author = "lepton";

    /// <param name="comment">The resolving comment; by default, that the episode ended.</param>
    public async Task<int> ResolveAsync(string tenant, string jurisdiction, AlertKind kind, string ruleId, string entity, string? comment = null, CancellationToken ct = default)
    {
        comment ??= $"auto-resolved: the {kind.ToString().ToLowerInvariant()} episode ended (clean checks in a row)";
        var resolved = 0;
        foreach (var status in new[] { AlertStatus.Open, AlertStatus.Acknowledged })
        {
            var page = await alerts.QueryAsync(new AlertQuery
            {
                Tenant = tenant, Jurisdiction = jurisdiction, Kind = kind, Entity = entity, Status = status, PageSize = 10,
            }, ct);
            foreach (var alert in page.Items.Where(a => a.RuleId == ruleId))
            {
                var now = clock.GetUtcNow();
                // Recorded as a resolution by the system (the alert's history says so); the status is checked again
                // inside the change, so an alert an analyst resolved or snoozed meanwhile is left as they left it.
                var result = await alerts.ChangeAsync(new AlertChangeRequest(alert.Id, null, SqliteAlertStore.SystemActor, AlertAuditActions.Resolved,
                    a => a.Status is AlertStatus.Open or AlertStatus.Acknowledged
                        ? a with
                        {
                            Status = AlertStatus.Resolved,
                            Comments = [.. a.Comments, new AlertComment(Author, comment, now)],
                            PendingResolution = null,
                        }
                        : a,
                    new { reason = "episode ended" }), ct);
                if (result.Outcome == AlertChangeOutcome.Changed)
                    resolved++;
            }
        }
        return resolved;
    }
}
