using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>The hosted reopener at work in the real host (checks every 200 ms here): a snoozed alert reopens by itself.</summary>
[Collection(LifecycleHostCollection.Name)]
public sealed class SnoozeHostTests(LifecycleHostFixture fixture)
{
    [Fact]
    public async Task A_snoozed_alert_reopens_by_itself_and_its_history_says_so()
    {
        var ana = await fixture.ClientAsync("analyst", "acme", "ana");
        var alert = await fixture.RaiseAlertAsync("acme");
        var (_, snoozed) = await ana.ActAsync(alert, "snooze", new { until = DateTimeOffset.UtcNow.AddSeconds(1), comment = "waiting for the KYC refresh" });
        Assert.Equal("snoozed", snoozed.Text("status"));

        JsonObject current = snoozed;
        for (var i = 0; i < 300 && current.Text("status") == "snoozed"; i++)
        {
            await Task.Delay(50);
            current = (await fixture.Host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}"))!;
        }

        Assert.Equal("open", current.Text("status"));
        Assert.Null(current["snoozedUntil"]);
        Assert.Equal(snoozed.Version() + 1, current.Version());
        var last = (await ana.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}/history"))!["items"]!.AsArray()[^1]!.AsObject();
        Assert.Equal(("system", "alert.unsnoozed"), (last.Text("actor"), last.Text("action")));
    }
}
