using Lepton.Monitor.Compliance.Posture;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Compliance.Tests.Posture;

public sealed class ControlInputsBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static Alert Alert(string id, AlertKind kind, AlertStatus status, DateTimeOffset firstSeen, DateTimeOffset? updatedAt = null) =>
        new(id, "acme", "EU", kind, "r", "threshold", Severity.High, status, status == AlertStatus.Resolved ? Disposition.TruePositive : null, "fp-" + id,
            firstSeen, firstSeen, 1, "e", [], null, null, new AlertExplanation("s", new RuleReference("r", "threshold", "src"), [], null), null, [])
        {
            UpdatedAt = updatedAt ?? firstSeen,
        };

    [Fact]
    public void Backlog_sla_and_episodes_from_alerts()
    {
        Alert[] alerts =
        [
            Alert("a1", AlertKind.Rule, AlertStatus.Open, Now.AddDays(-10)),                                      // oldest open, breached
            Alert("a2", AlertKind.Rule, AlertStatus.Resolved, Now.AddDays(-5), Now.AddDays(-5).AddHours(10)),     // within SLA
            Alert("a3", AlertKind.Rule, AlertStatus.Resolved, Now.AddDays(-8), Now.AddDays(-4)),                  // resolved late: breached
            Alert("a4", AlertKind.Drift, AlertStatus.Acknowledged, Now.AddHours(-2)),                             // open episode, within SLA
            Alert("a5", AlertKind.Fairness, AlertStatus.Resolved, Now.AddDays(-3), Now.AddDays(-3).AddHours(1)),  // closed episode
            Alert("a6", AlertKind.Rule, AlertStatus.Suppressed, Now.AddDays(-20)),                                // silenced: not in SLA scope
            Alert("a7", AlertKind.Rule, AlertStatus.Open, Now.AddDays(-200)),                                     // before the period: backlog only
        ];
        var inputs = ControlInputsBuilder.From(alerts, Now, Now.AddDays(-90), TimeSpan.FromHours(72), modelsWithoutCurrentCard: 1);

        Assert.Equal(200m, inputs.OldestOpenAlertAgeDays);
        Assert.Equal(0.4m, inputs.SlaBreachShare); // a1, a3 of a1..a5
        Assert.Equal(1, inputs.OpenDriftFairnessEpisodes);
        Assert.Equal(1, inputs.ModelsWithoutCurrentCard);
    }
}
