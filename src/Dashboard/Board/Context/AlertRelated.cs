using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Board.Context;

/// <summary>
/// GET /v1/alerts/{id}/related: the newest other alerts of the same entity and of the same rule (tenant of the alert),
/// and how the rule's resolved alerts were disposed among its newest <see cref="SqliteAlertContext.DispositionWindow"/>.
/// </summary>
public sealed record AlertRelated(
    IReadOnlyList<Alert> SameEntity,
    IReadOnlyList<Alert> SameRule,
    DispositionBreakdown Dispositions)
{
    /// <summary>How many alerts each list shows at most.</summary>
    public const int MaxListed = 10;

    public static AlertRelated Of(Alert alert, SqliteAlertContext context)
    {
        var (counts, resolved) = context.Dispositions(alert.Tenant, alert.RuleId);
        return new AlertRelated(
            context.EntityAlerts(alert.Tenant, alert.Entity, MaxListed, except: alert.Id),
            context.RuleAlerts(alert.Tenant, alert.RuleId, MaxListed, except: alert.Id),
            new DispositionBreakdown(alert.RuleId, counts, resolved, SqliteAlertContext.DispositionWindow));
    }
}

/// <summary>Disposition → count of the resolved alerts among a rule's newest <see cref="Window"/> alerts.</summary>
public sealed record DispositionBreakdown(string RuleId, IReadOnlyDictionary<string, int> Counts, int Resolved, int Window);
