using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Alerting.Tests;

/// <summary>Alerts for plain-class tests (no store).</summary>
public static class TestAlerts
{
    public static Alert Open(string id = "al-1", string tenant = "acme", string jurisdiction = "US", Severity severity = Severity.High) =>
        new(id, tenant, jurisdiction, AlertKind.Rule, "us-cash-ctr", "threshold", severity, AlertStatus.Open, null, "fp-1",
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, "ent-1", ["tx-1"], null, null,
            new AlertExplanation("cash 12,500.00 USD ≥ 10,000.00 USD", new RuleReference("us-cash-ctr", "threshold", "31 CFR 1010.311"), [], null),
            null, [])
        { Version = 1, UpdatedAt = DateTimeOffset.UnixEpoch };
}
