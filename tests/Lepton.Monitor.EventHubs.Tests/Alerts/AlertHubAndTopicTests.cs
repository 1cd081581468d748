using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Ingest.Outbox;
using Lepton.Monitor.Kafka.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>Kafka and Event Hubs both on: one outbox publisher fans every alert change out to the alert topic and the alert hub.</summary>
public sealed class AlertHubAndTopicTests
{
    [Fact]
    public async Task Every_alert_change_reaches_both_the_Kafka_alert_topic_and_the_alert_hub()
    {
        using var cluster = new MockKafkaCluster();
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { ["alerts"] = 4 } });
        using var data = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(data.Path,
            "--Lepton:Kafka:BootstrapServers", cluster.BootstrapServers, "--Lepton:Kafka:ConsumerEnabled", "false",
            "--Lepton:EventHubs:ConnectionString", broker.ConnectionString, "--Lepton:EventHubs:ConsumerEnabled", "false");
        var publisher = Assert.Single(host.App.Services.GetServices<IHostedService>().OfType<AlertOutboxPublisher>());
        Assert.Equal("kafka+eventhubs", publisher.Transport.Name);

        var (alerts, raised) = await AlertHost.RaiseAlertsAsync(host);
        await AlertHost.AcknowledgeAsync(host, alerts[0]);
        var expected = raised + 1;
        await AlertHost.WaitForDrainedAsync(host, TimeSpan.FromSeconds(30));

        var hub = await HubReader.ReadAsync(broker.ConnectionString, "alerts", expected, TimeSpan.FromSeconds(30));
        var topic = cluster.ReadAll("alerts", expected, TimeSpan.FromSeconds(30));
        Assert.Equal(expected, hub.Count);
        Assert.Equal(expected, topic.Count);
        var hubIds = hub.Select(e => JsonNode.Parse(e.Data.EventBody.ToArray())!["id"]!.GetValue<string>()).Order().ToList();
        var topicIds = topic.Select(m => JsonNode.Parse(m.Message.Value)!["id"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(expected, hubIds.Distinct().Count());
        Assert.Equal(topicIds, hubIds);
        Assert.Equal(hub.Select(e => e.Data.MessageId).Order(), hubIds);
        Assert.All(topic, m => Assert.Equal(AlertHost.Tenant, Encoding.UTF8.GetString(m.Message.Key!)));
        Assert.All(hub, e => Assert.Equal(AlertHost.Tenant, e.Data.PartitionKey));
    }
}
