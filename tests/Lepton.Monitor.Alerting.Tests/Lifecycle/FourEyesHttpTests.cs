using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>Four-eyes resolution for a tenant that asks for it (<c>settings.fourEyesResolution</c>), over real HTTP.</summary>
[Collection(LifecycleHostCollection.Name)]
public sealed class FourEyesHttpTests(LifecycleHostFixture fixture)
{
    private readonly LeptonTestHost _host = fixture.Host;

    [Fact]
    public async Task The_setting_is_stored_served_and_kept_when_a_later_upsert_omits_it()
    {
        var strict = await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/tenants/strict");
        Assert.True(strict!["settings"]!["fourEyesResolution"]!.GetValue<bool>());
        var acme = await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/tenants/acme");
        Assert.False(acme!["settings"]!["fourEyesResolution"]!.GetValue<bool>());

        await _host.Admin.CreateTenantAsync("flip", "US");
        var on = await _host.Admin.PostAsJsonAsync("/v1/tenants", new { id = "flip", jurisdictions = new[] { "US" }, settings = new { fourEyesResolution = true } });
        Assert.True((await on.Content.ReadFromJsonAsync<JsonObject>())!["settings"]!["fourEyesResolution"]!.GetValue<bool>());
        await _host.Admin.CreateTenantAsync("flip", "US", "EU");
        Assert.True((await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/tenants/flip"))!["settings"]!["fourEyesResolution"]!.GetValue<bool>());
        await _host.Admin.PostAsJsonAsync("/v1/tenants", new { id = "flip", jurisdictions = new[] { "US" }, settings = new { fourEyesResolution = false } });
        Assert.False((await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/tenants/flip"))!["settings"]!["fourEyesResolution"]!.GetValue<bool>());

        var bad = await _host.Admin.PostAsJsonAsync("/v1/tenants", new { id = "flip", jurisdictions = new[] { "US" }, settings = new { fourEyesResolution = "yes" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_false_positive_is_staged_until_a_second_analyst_approves()
    {
        var ana = await fixture.ClientAsync("analyst", "strict", "ana");
        var bo = await fixture.ClientAsync("analyst", "strict", "bo");
        var alert = await fixture.RaiseAlertAsync("strict");

        var (status, staged) = await ana.ActAsync(alert, "resolve", new { disposition = "false-positive", comment = "test account" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("open", staged.Text("status"));
        Assert.Null(staged["disposition"]);
        var pending = staged["pendingResolution"]!.AsObject();
        Assert.Equal(("false-positive", "ana", "test account"), (pending.Text("disposition"), pending.Text("requestedBy"), pending.Text("comment")));

        var (self, why) = await ana.ActAsync(staged, "approve");
        Assert.Equal(HttpStatusCode.Forbidden, self);
        Assert.Contains("second analyst", why.Text("error"));

        var (approvedStatus, approved) = await bo.ActAsync(staged, "approve");
        Assert.Equal(HttpStatusCode.OK, approvedStatus);
        Assert.Equal(("resolved", "false-positive"), (approved.Text("status"), approved.Text("disposition")));
        Assert.Null(approved["pendingResolution"]);

        var history = await HistoryActionsAsync(alert.Text("id"));
        Assert.Equal(["alert.raised", "alert.resolution-staged", "alert.resolution-approved"], history);
    }

    [Fact]
    public async Task True_positive_resolves_at_once_and_approving_nothing_is_409()
    {
        var ana = await fixture.ClientAsync("analyst", "strict", "ana");
        var bo = await fixture.ClientAsync("analyst", "strict", "bo");
        var alert = await fixture.RaiseAlertAsync("strict");

        var (nothing, why) = await bo.ActAsync(alert, "approve");
        Assert.Equal(HttpStatusCode.Conflict, nothing);
        Assert.Contains("no resolution waiting", why.Text("error"));
        Assert.Equal(HttpStatusCode.Conflict, (await bo.ActAsync(alert, "reject")).Status);

        var (_, resolved) = await ana.ActAsync(alert, "resolve", new { disposition = "true-positive" });
        Assert.Equal("resolved", resolved.Text("status"));
    }

    [Fact]
    public async Task Reject_or_a_new_comment_clears_the_staged_resolution()
    {
        var ana = await fixture.ClientAsync("analyst", "strict", "ana");
        var bo = await fixture.ClientAsync("analyst", "strict", "bo");

        var first = await fixture.RaiseAlertAsync("strict");
        var (_, staged) = await ana.ActAsync(first, "resolve", new { disposition = "benign" });
        var (_, rejected) = await bo.ActAsync(staged, "reject", new { comment = "not benign: see the pattern" });
        Assert.Null(rejected["pendingResolution"]);
        Assert.Equal("open", rejected.Text("status"));

        var second = await fixture.RaiseAlertAsync("strict");
        var (_, staged2) = await ana.ActAsync(second, "resolve", new { disposition = "benign" });
        var (_, commented) = await bo.ActAsync(staged2, "comment", new { text = "new evidence from the branch" });
        Assert.Null(commented["pendingResolution"]);
        var (late, _) = await bo.ActAsync(commented, "approve");
        Assert.Equal(HttpStatusCode.Conflict, late);
    }

    [Fact]
    public async Task A_new_record_joining_the_alert_clears_the_staged_resolution()
    {
        var ana = await fixture.ClientAsync("analyst", "strict", "ana");
        var bo = await fixture.ClientAsync("analyst", "strict", "bo");
        var customer = "C-" + Guid.NewGuid().ToString("N");
        var alert = await fixture.RaiseAlertAsync("strict", customer);
        var (_, staged) = await ana.ActAsync(alert, "resolve", new { disposition = "false-positive" });
        Assert.NotNull(staged["pendingResolution"]);

        await fixture.PostCashAsync("strict", customer, "tx-" + Guid.NewGuid().ToString("N"));

        JsonObject current = staged;
        for (var i = 0; i < 200 && current["count"]!.GetValue<int>() < 2; i++)
        {
            await Task.Delay(50);
            current = (await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}"))!;
        }
        Assert.Equal(2, current["count"]!.GetValue<int>());
        Assert.Null(current["pendingResolution"]);
        Assert.True(current.Version() > staged.Version());
        Assert.Equal(HttpStatusCode.Conflict, (await bo.ActAsync(current, "approve")).Status);
        Assert.Contains("alert.approval-cleared", await HistoryActionsAsync(alert.Text("id")));
    }

    private async Task<string[]> HistoryActionsAsync(string id) =>
        (await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{id}/history"))!["items"]!.AsArray().Select(i => i!.AsObject().Text("action")).ToArray();
}
