using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Board.Context;

/// <summary>
/// GET /v1/alerts/{id}/related: the newest other alerts of the same entity and of the same rule (tenant of the alert),
/// and how the rule's resolved alerts were disposed among its newest <see cref="IAlertContextReader.DispositionWindow"/>.
/// </summary>
public sealed record AlertRelated(
    IReadOnlyList<Alert> SameEntity,
    IReadOnlyList<Alert> SameRule,
    DispositionBreakdown Dispositions)
{
    /// <summary>How many alerts each list shows at most.</summary>
    public const int MaxListed = 10;

    public static async Task<AlertRelated> OfAsync(Alert alert, IAlertContextReader context, CancellationToken ct = default)
    {
        var (counts, resolved) = await context.DispositionsAsync(alert.Tenant, alert.RuleId, ct).ConfigureAwait(false);
        return new AlertRelated(
            await context.EntityAlertsAsync(alert.Tenant, alert.Entity, MaxListed, except: alert.Id, ct).ConfigureAwait(false),
            await context.RuleAlertsAsync(alert.Tenant, alert.RuleId, MaxListed, except: alert.Id, ct).ConfigureAwait(false),
            new DispositionBreakdown(alert.RuleId, counts, resolved, IAlertContextReader.DispositionWindow));
    }
}

/// <summary>Disposition → count of the resolved alerts among a rule's newest <see cref="Window"/> alerts.</summary>
public sealed record DispositionBreakdown(string RuleId, IReadOnlyDictionary<string, int> Counts, int Resolved, int Window);
