using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>What the alert-publishing tests do to a running host: raise alerts from posted records, acknowledge one, wait for the outbox.</summary>
public static class AlertHost
{
    public const string Tenant = "acme";
    public static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    /// <summary>A 40,000 USD cash deposit: over the cash thresholds, so it raises alerts; a second one for the same account updates them.</summary>
    public static string Cash(string id, string account) =>
        """{"id":"ID","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"ACC","name":"N","country":"US","customerId":"C-ACC"}}"""
            .Replace("ID", id).Replace("ACC", account);

    /// <summary>Posts three records (entity A twice) one by one, waiting for the grains; returns the alerts and how many alert events they made (one per raise or update).</summary>
    public static async Task<(List<JsonObject> Alerts, int Events)> RaiseAlertsAsync(LeptonTestHost host)
    {
        await host.Admin.CreateTenantAsync(Tenant, Jurisdictions);
        // One record per request, each processed before the next: every record is its own alert change (one batch
        // holding both of entity A's records would raise its alerts once, with count 2).
        foreach (var record in new[] { Cash("r-1", "A"), Cash("r-2", "B"), Cash("r-3", "A") })
        {
            var (status, body) = await host.Admin.PostRecordsAsync(record);
            Assert.True(status == HttpStatusCode.Accepted, body.ToJson());
            await host.WaitForIdleAsync();
        }
        var alerts = await host.Admin.GetAllAsync($"/v1/alerts?tenant={Tenant}");
        Assert.NotEmpty(alerts);
        return (alerts, alerts.Sum(a => a["count"]!.GetValue<int>()));
    }

    /// <summary>Acknowledges the alert through the API (a lifecycle change: one more alert event).</summary>
    public static async Task AcknowledgeAsync(LeptonTestHost host, JsonObject alert)
    {
        var response = await host.Admin.PostAsJsonAsync($"/v1/alerts/{alert.Text("id")}/acknowledge", new { version = alert["version"]!.GetValue<long>() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits (bounded) until every outbox row was acknowledged by the transports and deleted.</summary>
    public static async Task WaitForDrainedAsync(LeptonTestHost host, TimeSpan timeout)
    {
        var outbox = host.App.Services.GetRequiredService<IAlertOutbox>();
        var deadline = DateTime.UtcNow + timeout;
        while (await outbox.CountAsync() > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                var rows = await outbox.PeekAsync(5);
                Assert.Fail($"{await outbox.CountAsync()} outbox rows left after {timeout}: {string.Join(", ", rows.Select(r => $"{r.EventId} attempts {r.Attempts}"))}");
            }
            await Task.Delay(50);
        }
        Assert.Empty(await outbox.ListParkedAsync(10));
    }
}
