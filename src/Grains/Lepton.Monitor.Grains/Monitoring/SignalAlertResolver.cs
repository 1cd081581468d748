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
                await alerts.UpdateAsync(alert.Id, a => a with
                {
                    Status = AlertStatus.Resolved,
                    Comments = [.. a.Comments, new AlertComment(Author, comment, now)],
                }, ct);
                resolved++;
            }
        }
        return resolved;
    }
}
