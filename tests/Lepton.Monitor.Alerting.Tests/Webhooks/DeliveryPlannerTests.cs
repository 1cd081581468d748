using Lepton.Monitor.Alerting.Webhooks;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

public sealed class DeliveryPlannerTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-03T12:00:00Z");

    private static AlertEvent Change(long seq, string tenant = "acme", string jurisdiction = "US", AlertKind kind = AlertKind.Rule,
        Severity severity = Severity.High, string type = AlertEventTypes.Raised, bool notify = true) =>
        new(seq, type, tenant, $"al-{seq}", At, jurisdiction, kind, severity, AlertStatus.Open, notify, $$"""{"id":"al-{{seq}}"}""");

    private static DispatchTarget Target(string id, WebhookFilter? filter = null, string tenant = "acme", long afterSeq = 0, string[]? types = null) =>
        new(new WebhookSubscription(id, tenant, "https://hooks.example.com", filter ?? new WebhookFilter(), types ?? [.. WebhookEventTypes.Default], true, At, null), afterSeq);

    [Theory]
    [InlineData("US", true)]
    [InlineData("us", true)]
    [InlineData("EU", false)]
    public void Jurisdiction_filter(string jurisdiction, bool wanted) =>
        Assert.Equal(wanted, SubscriptionFilter.Matches(new WebhookFilter(Jurisdictions: ["US", "GB"]), Change(1, jurisdiction: jurisdiction)));

    [Theory]
    [InlineData(AlertKind.Rule, true)]
    [InlineData(AlertKind.Model, true)]
    [InlineData(AlertKind.Drift, false)]
    public void Kind_filter(AlertKind kind, bool wanted) =>
        Assert.Equal(wanted, SubscriptionFilter.Matches(new WebhookFilter(Kinds: ["rule", "model"]), Change(1, kind: kind)));

    [Theory]
    [InlineData(Severity.Low, false)]
    [InlineData(Severity.Medium, false)]
    [InlineData(Severity.High, true)]
    [InlineData(Severity.Critical, true)]
    public void Minimum_severity_filter(Severity severity, bool wanted) =>
        Assert.Equal(wanted, SubscriptionFilter.Matches(new WebhookFilter(MinSeverity: "high"), Change(1, severity: severity)));

    [Fact]
    public void Unknown_filter_values_are_refused_with_a_reason()
    {
        Assert.Contains("filter.kinds", SubscriptionFilter.Validate(new WebhookFilter(Kinds: ["rules"])));
        Assert.Contains("filter.minSeverity", SubscriptionFilter.Validate(new WebhookFilter(MinSeverity: "severe")));
        Assert.Null(SubscriptionFilter.Validate(new WebhookFilter(["US"], ["rule"], "low")));
    }

    [Fact]
    public void One_delivery_per_change_and_wanting_subscription_of_the_same_tenant()
    {
        var changes = new[] { Change(1), Change(2, tenant: "globex"), Change(3, jurisdiction: "EU") };
        var targets = new[] { Target("sub-all"), Target("sub-us", new WebhookFilter(Jurisdictions: ["US"])), Target("sub-globex", tenant: "globex") };

        var planned = DeliveryPlanner.Plan(changes, targets).Deliveries;

        Assert.Equal(
            [("sub-all", 1L), ("sub-us", 1L), ("sub-globex", 2L), ("sub-all", 3L)],
            planned.Select(p => (p.SubscriptionId, p.EventSeq!.Value)).ToArray());
        Assert.All(planned, p => Assert.Equal(changes.Single(c => c.Seq == p.EventSeq).Tenant, p.Tenant));
    }

    [Fact]
    public void Quiet_changes_past_changes_and_unasked_types_make_no_delivery()
    {
        var changes = new[] { Change(1), Change(2, notify: false), Change(3, type: AlertEventTypes.Resolved) };
        var planned = DeliveryPlanner.Plan(changes, [Target("sub-new", afterSeq: 1), Target("sub-raised", types: [AlertEventTypes.Raised])]).Deliveries;

        Assert.Equal([("sub-raised", 1L), ("sub-new", 3L)], planned.Select(p => (p.SubscriptionId, p.EventSeq!.Value)).ToArray());
    }

    [Fact]
    public void The_body_is_type_timestamp_and_the_alert_as_data()
    {
        var planned = Assert.Single(DeliveryPlanner.Plan([Change(7, type: AlertEventTypes.Resolved)], [Target("sub-1")]).Deliveries);
        Assert.Equal("""{"type":"alert.resolved","timestamp":"2026-12-03T12:00:00.000Z","data":{"id":"al-7"}}""", planned.Body);
    }
}
