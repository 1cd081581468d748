using System.Text.Json.Nodes;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Ingest.Outbox;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>
/// The alert hub read back with a plain <c>EventHubConsumerClient</c>: one CloudEvents 1.0 event per alert change,
/// partition key = tenant, MessageId = CloudEvent id; a broker that refuses links delays the events, never loses them.
/// </summary>
public sealed class AlertHubTests
{
    private static Task<LeptonTestHost> StartHostAsync(string dataPath, LocalEventHubsBroker broker, params string[] extra) =>
        LeptonTestHost.StartAsync(dataPath,
        [
            "--Lepton:EventHubs:ConnectionString", broker.ConnectionString,
            "--Lepton:EventHubs:ConsumerEnabled", "false",
            .. extra,
        ]);

    [Fact]
    public async Task Every_alert_change_is_published_to_the_alert_hub_as_a_CloudEvent_keyed_by_tenant()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { ["alerts"] = 4 } });
        using var data = new TempFolder();
        await using var host = await StartHostAsync(data.Path, broker);
        var publisher = Assert.Single(host.App.Services.GetServices<IHostedService>().OfType<AlertOutboxPublisher>());
        Assert.IsType<EventHubsAlertTransport>(publisher.Transport);

        var (alerts, expected) = await AlertHost.RaiseAlertsAsync(host);
        await AlertHost.WaitForDrainedAsync(host, TimeSpan.FromSeconds(30));
        var events = await HubReader.ReadAsync(broker.ConnectionString, "alerts", expected, TimeSpan.FromSeconds(30));
        Assert.Equal(expected, events.Count);
        Assert.Equal(expected, broker.Count("alerts"));
        Assert.Single(events.Select(e => e.Partition.PartitionId).Distinct()); // one tenant, one partition

        var ids = new HashSet<string>();
        var lastBySubject = new Dictionary<string, JsonObject>();
        foreach (var e in events.OrderBy(e => e.Data.SequenceNumber))
        {
            Assert.Equal(AlertHost.Tenant, e.Data.PartitionKey);
            Assert.Equal("application/cloudevents+json; charset=UTF-8", e.Data.ContentType);
            var ce = JsonNode.Parse(e.Data.EventBody.ToArray())!.AsObject();
            Assert.Equal("1.0", ce.Text("specversion"));
            Assert.Equal(ce.Text("id"), e.Data.MessageId);
            Assert.True(ids.Add(ce.Text("id")), "event ids are unique");
            var alert = ce["data"]!.AsObject();
            Assert.Equal(alert.Text("id"), ce.Text("subject"));
            Assert.Equal(alert["count"]!.GetValue<int>() == 1 ? "lepton.alert.raised" : "lepton.alert.updated", ce.Text("type"));
            lastBySubject[ce.Text("subject")] = alert;
        }
        Assert.Equal(alerts.Select(a => a.Text("id")).Order(), lastBySubject.Keys.Order());

        // A lifecycle change through the API is one more event, after the alert's earlier ones on the same partition.
        var target = alerts[0];
        await AlertHost.AcknowledgeAsync(host, target);
        await AlertHost.WaitForDrainedAsync(host, TimeSpan.FromSeconds(30));
        var after = await HubReader.ReadAsync(broker.ConnectionString, "alerts", expected + 1, TimeSpan.FromSeconds(30));
        Assert.Equal(expected + 1, after.Count);
        var last = after.OrderBy(e => e.Data.SequenceNumber).Last();
        var acknowledged = JsonNode.Parse(last.Data.EventBody.ToArray())!.AsObject();
        Assert.Equal("lepton.alert.updated", acknowledged.Text("type"));
        Assert.Equal(target.Text("id"), acknowledged.Text("subject"));
        Assert.Equal("acknowledged", acknowledged["data"]!.AsObject().Text("status"));
        Assert.Equal(target["version"]!.GetValue<long>() + 1, acknowledged["data"]!["version"]!.GetValue<long>());
        Assert.Equal(events[0].Partition.PartitionId, last.Partition.PartitionId);
    }

    [Fact]
    public async Task Refused_links_delay_alert_events_without_losing_or_parking_any()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { ["alerts"] = 2 } });
        using var data = new TempFolder();
        using var failures = new MeterWatch(EventHubsAlertTelemetry.Name, "lepton.eventhubs.alert_publish_failures");
        using var published = new MeterWatch(EventHubsAlertTelemetry.Name, "lepton.eventhubs.alerts_published");
        // More refusals than the SDK's own retries (3 attempts per send): the outbox sees failed rounds and backs off.
        broker.RefuseLinks("alerts", 9);
        await using var host = await StartHostAsync(data.Path, broker, "--Lepton:Outbox:MaxAttempts", "2");

        var (_, expected) = await AlertHost.RaiseAlertsAsync(host);
        await failures.WaitForAtLeastAsync(1, TimeSpan.FromSeconds(60)); // the outage was seen, not slept for
        await AlertHost.WaitForDrainedAsync(host, TimeSpan.FromSeconds(90)); // nothing parked although rounds failed > MaxAttempts

        var depth = await host.App.Services.GetRequiredService<IAlertOutbox>().GetDepthAsync();
        Assert.Equal(new OutboxDepth(0, 0), depth);
        var events = await HubReader.ReadAsync(broker.ConnectionString, "alerts", expected, TimeSpan.FromSeconds(30));
        Assert.Equal(expected, events.Select(e => e.Data.MessageId).Distinct().Count());
        Assert.Equal(expected, broker.Count("alerts"));
        Assert.Equal(expected, published.Total);
    }
}
