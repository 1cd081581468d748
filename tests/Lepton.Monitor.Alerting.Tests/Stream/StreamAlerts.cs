using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>Produces alert changes in a running host through its alert store (the pipeline's own path into the change feed).</summary>
public sealed class StreamAlerts(LeptonTestHost host)
{
    public IAlertStore Store => host.App.Services.GetRequiredService<IAlertStore>();

    public IAlertEventLog Log => host.App.Services.GetRequiredService<IAlertEventLog>();

    public static AlertCandidate Candidate(string tenant, string fingerprint, string recordId,
        Severity severity = Severity.High, AlertKind kind = AlertKind.Rule, string jurisdiction = "US") =>
        new(tenant, jurisdiction, kind, "us-cash-ctr", "threshold", severity, fingerprint, "hm_ent_" + fingerprint, recordId,
            new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero), null, null,
            new AlertExplanation("cash 12,500.00 USD ≥ 10,000.00 USD", new RuleReference("us-cash-ctr", "threshold", "31 CFR 1010.311"),
                [new ExplanationValue("amountInPackCurrency", 12500.00m, ">=", 10000.0m)], null),
            DateTimeOffset.UtcNow);

    /// <summary>Opens a new alert or grows the active one of the fingerprint; returns it as stored.</summary>
    public async Task<Alert> UpsertAsync(string tenant, string fingerprint, string recordId, Severity severity = Severity.High,
        AlertKind kind = AlertKind.Rule, string jurisdiction = "US")
    {
        var result = await Store.UpsertAsync([Candidate(tenant, fingerprint, recordId, severity, kind, jurisdiction)]);
        return Assert.Single(result.Created.Concat(result.Updated));
    }

    public async Task<Alert> ChangeAsync(Alert alert, string action, Func<Alert, Alert> change)
    {
        var result = await Store.ChangeAsync(new AlertChangeRequest(alert.Id, alert.Version, "analyst@test", action, change));
        Assert.Equal(AlertChangeOutcome.Changed, result.Outcome);
        return result.Alert!;
    }

    public Task<Alert> AcknowledgeAsync(Alert alert) =>
        ChangeAsync(alert, "alert.acknowledged", a => a with { Status = AlertStatus.Acknowledged });

    public Task<Alert> ResolveAsync(Alert alert) =>
        ChangeAsync(alert, "alert.resolved", a => a with { Status = AlertStatus.Resolved, Disposition = Disposition.TruePositive });

    public Task<Alert> SuppressAsync(Alert alert) =>
        ChangeAsync(alert, "alert.suppressed", a => a with { Status = AlertStatus.Suppressed });
}
