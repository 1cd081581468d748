using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>GET /v1/alerts/{id}/history: every change from the hash-chained audit log, in order, and the chain still verifies.</summary>
[Collection(LifecycleHostCollection.Name)]
public sealed class AlertHistoryHttpTests(LifecycleHostFixture fixture)
{
    private readonly LeptonTestHost _host = fixture.Host;

    [Fact]
    public async Task History_lists_every_change_with_who_what_and_before_after_in_order()
    {
        var ana = await fixture.ClientAsync("analyst", "acme", "ana");
        var alert = await fixture.RaiseAlertAsync("acme");
        var (_, a1) = await ana.ActAsync(alert, "acknowledge");
        var (_, a2) = await ana.ActAsync(a1, "assign", new { assignee = "bo" });
        var (_, a3) = await ana.ActAsync(a2, "comment", new { text = "asked the branch" });
        var (_, a4) = await ana.ActAsync(a3, "escalate", new { severity = "critical" });
        var (_, a5) = await ana.ActAsync(a4, "resolve", new { disposition = "undetermined" });
        await ana.ActAsync(a5, "reopen");

        var history = (await ana.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}/history"))!["items"]!.AsArray()
            .Select(n => n!.AsObject()).ToArray();

        Assert.Equal(["alert.raised", "alert.acknowledged", "alert.assigned", "alert.commented", "alert.escalated", "alert.resolved", "alert.reopened"],
            history.Select(h => h.Text("action")));
        Assert.Equal("system", history[0].Text("actor"));
        Assert.All(history.Skip(1), h => Assert.Equal("ana", h.Text("actor")));
        var seqs = history.Select(h => h["seq"]!.GetValue<long>()).ToArray();
        Assert.Equal(seqs.Order(), seqs);
        var ats = history.Select(h => DateTimeOffset.Parse(h.Text("at"))).ToArray();
        Assert.Equal(ats.Order(), ats);

        Assert.Equal("open", history[1]["before"]!["status"]!.GetValue<string>());
        Assert.Equal("acknowledged", history[1]["after"]!["status"]!.GetValue<string>());
        Assert.Equal((1, 2), (history[1]["before"]!["version"]!.GetValue<int>(), history[1]["after"]!["version"]!.GetValue<int>()));
        Assert.Equal("bo", history[2]["after"]!["assignee"]!.GetValue<string>());
        Assert.Equal("asked the branch", history[3]["commentsAdded"]![0]!.GetValue<string>());
        Assert.Equal(("high", "critical"), (history[4]["before"]!["severity"]!.GetValue<string>(), history[4]["after"]!["severity"]!.GetValue<string>()));
        Assert.Equal("critical", history[4]["request"]!["severity"]!.GetValue<string>());
        Assert.Equal("undetermined", history[5]["after"]!["disposition"]!.GetValue<string>());
        Assert.Equal("undetermined", history[6]["before"]!["disposition"]!.GetValue<string>());
        Assert.Null(history[6]["after"]!["disposition"]);
    }

    [Fact]
    public async Task The_audit_chain_still_verifies_with_the_lifecycle_entries()
    {
        var ana = await fixture.ClientAsync("analyst", "acme", "ana");
        var alert = await fixture.RaiseAlertAsync("acme");
        var (_, acknowledged) = await ana.ActAsync(alert, "acknowledge");
        await ana.ActAsync(acknowledged, "comment", new { text = "chain me" });

        var verification = await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/audit/verify");
        Assert.True(verification!["valid"]!.GetValue<bool>(), verification.ToJson());
        var all = await _host.Admin.GetAllAsync("/v1/audit");
        Assert.Equal(all.Count, verification["entries"]!.GetValue<long>());
        Assert.Contains(all, e => e.Text("action") == "alert.commented" && e.Text("target") == alert.Text("id"));
        var scoped = await ana.GetFromJsonAsync<JsonObject>("/v1/audit/verify");
        Assert.True(scoped!["valid"]!.GetValue<bool>());
    }
}
