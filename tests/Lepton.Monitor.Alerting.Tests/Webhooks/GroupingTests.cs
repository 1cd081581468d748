using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Alerting.Webhooks;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

public sealed class GroupingTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-03T12:00:00Z");

    private static AlertEvent Change(long seq, string type = AlertEventTypes.Raised, string jurisdiction = "US") =>
        new(seq, type, "acme", $"al-{seq}", At, jurisdiction, AlertKind.Rule, Severity.High, AlertStatus.Open, true,
            $$"""{"id":"al-{{seq}}","ruleId":"us-cash-ctr","entity":"ent-{{seq}}"}""");

    private static DispatchTarget Grouped(bool resolvedAtOnce = true) =>
        new(new WebhookSubscription("sub-g", "acme", "https://hooks.example.com", new WebhookFilter(), [.. WebhookEventTypes.Default], true, At, null)
        {
            Group = new WebhookGrouping(["jurisdiction", "ruleId"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4), resolvedAtOnce),
        }, 0);

    [Fact]
    public void The_group_key_names_the_by_labels_and_the_alerts_values()
    {
        Assert.Equal("""{jurisdiction="US",ruleId="us-cash-ctr"}""", GroupKey.Of(Grouped().Subscription.Group!, Change(1)));
        Assert.Equal("{}", GroupKey.Of(new WebhookGrouping([], TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), Change(1)));
    }

    [Fact]
    public void A_grouped_subscription_gets_group_changes_not_deliveries()
    {
        var plan = DeliveryPlanner.Plan([Change(1), Change(2, AlertEventTypes.Updated), Change(3, jurisdiction: "EU")], [Grouped()]);

        Assert.Empty(plan.Deliveries);
        Assert.Equal(["al-1", "al-2", "al-3"], plan.GroupChanges.Select(c => c.AlertId));
        Assert.Equal(2, plan.GroupChanges.Select(c => c.GroupKey).Distinct().Count());
        Assert.All(plan.GroupChanges, c => Assert.False(c.Remove));
    }

    [Fact]
    public void A_resolution_goes_out_at_once_and_leaves_its_group_unless_told_to_wait()
    {
        var atOnce = DeliveryPlanner.Plan([Change(4, AlertEventTypes.Resolved)], [Grouped()]);
        Assert.Equal(AlertEventTypes.Resolved, Assert.Single(atOnce.Deliveries).Type);
        Assert.True(Assert.Single(atOnce.GroupChanges).Remove);

        var waits = DeliveryPlanner.Plan([Change(4, AlertEventTypes.Resolved)], [Grouped(resolvedAtOnce: false)]);
        Assert.Empty(waits.Deliveries);
        Assert.False(Assert.Single(waits.GroupChanges).Remove);
    }

    [Fact]
    public async Task Alerts_of_one_group_go_out_together_and_a_resolution_at_once()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(IPAddress.Parse("127.0.0.2"), (http, _, _) => { http.Response.StatusCode = 200; return Task.CompletedTask; });
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        var created = await host.Admin.SubscribeAsync(new
        {
            url = receiver.BaseAddress.ToString(),
            tenant = "acme",
            group = new { by = new[] { "jurisdiction", "ruleId" }, wait = "00:00:02", interval = "00:00:01", repeat = "01:00:00" },
        });
        Assert.Equal("00:00:02", created["group"]!["wait"]!.GetValue<string>());

        var (status, _) = await host.Admin.PostRecordsAsync(WebhookTestHost.CashRecord("acme", "tx-1") + "\n" + WebhookTestHost.CashRecord("acme", "tx-2"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        await host.WaitForIdleAsync();
        var ctr = (await host.Admin.GetAllAsync("/v1/alerts?tenant=acme")).Where(a => a.Text("ruleId") == "us-cash-ctr").ToList();
        Assert.Equal(2, ctr.Count);

        const string key = """{jurisdiction="US",ruleId="us-cash-ctr"}""";
        JsonObject? Group(ReceivedWebhook r) => JsonNode.Parse(r.Body)!.AsObject() is var b && b.Text("type") == "alert.group" && b["data"]!.AsObject().Text("groupKey") == key ? b : null;
        var first = await receiver.WaitForAsync(rs => rs.Any(r => Group(r) is not null));
        var group = Group(first.Single(r => Group(r) is not null))!;
        Assert.Equal(ctr.Select(a => a.Text("id")).Order(), group["data"]!["alerts"]!.AsArray().Select(a => a!.AsObject().Text("id")).Order());
        Assert.DoesNotContain(first, r => JsonNode.Parse(r.Body)!.AsObject().Text("type") == "alert.raised"); // grouped, not one by one

        // A resolution is sent at once, on its own, not after the group's interval.
        var resolvedId = ctr[0].Text("id");
        var store = host.App.Services.GetRequiredService<IAlertStore>();
        await store.ChangeAsync(new AlertChangeRequest(resolvedId, null, "test", "alert.resolved",
            a => a with { Status = AlertStatus.Resolved, Disposition = Disposition.TruePositive }));
        var resolved = await receiver.WaitForAsync(rs => rs.Any(r => JsonNode.Parse(r.Body)!.AsObject().Text("type") == "alert.resolved"));
        var body = JsonNode.Parse(resolved.Single(r => JsonNode.Parse(r.Body)!.AsObject().Text("type") == "alert.resolved").Body)!.AsObject();
        Assert.Equal(resolvedId, body["data"]!.AsObject().Text("id"));
    }
}
