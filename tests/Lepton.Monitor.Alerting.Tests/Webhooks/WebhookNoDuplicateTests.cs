using System.Net;
using Lepton.Monitor.Alerting.Tests.Stream;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>
/// Many deliveries in flight at once are each sent exactly once. A sender pass works through a list read before some of
/// its deliveries' records committed; before the fix it re-sent those (the bench saw 664 repeats in 34 k deliveries).
/// </summary>
public sealed class WebhookNoDuplicateTests
{
    [Fact]
    public async Task Every_delivery_of_a_burst_arrives_exactly_once()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(IPAddress.Parse("127.0.0.2"), (http, _, _) =>
        {
            http.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("burst", "US");
        var subscriptions = new List<string>();
        for (var i = 0; i < 4; i++)
            subscriptions.Add((await host.Admin.SubscribeAsync(new { url = $"{receiver.BaseAddress}hook/{i}", tenant = "burst", filter = new { } })).Text("id"));

        var alerts = new StreamAlerts(host);
        const int Alerts = 150;
        await Task.WhenAll(Enumerable.Range(0, Alerts).Select(i => alerts.UpsertAsync("burst", $"fp-{i}", $"tx-{i}")));

        var expected = Alerts * subscriptions.Count;
        var received = await receiver.WaitForAsync(r => r.Count >= expected, TimeSpan.FromSeconds(60));
        await Task.Delay(1000); // a duplicate would arrive right behind the original
        received = receiver.Received;

        var repeated = received.GroupBy(r => (r.Path, r.Id)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Path} {g.Key.Id} ×{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, "sent more than once: " + string.Join(", ", repeated.Take(10)));
        Assert.Equal(expected, received.Count);
        foreach (var id in subscriptions)
            Assert.Equal(Alerts, (await host.Admin.DeliveriesAsync(id, "delivered")).Count);
    }
}
