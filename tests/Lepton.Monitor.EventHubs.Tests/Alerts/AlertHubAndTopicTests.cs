using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Ingest.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>Kafka and Event Hubs both on: one outbox publisher fans every alert change out to the alert topic and the alert hub.</summary>
public sealed class AlertHubAndTopicTests
{
    [Fact]
    public async Task Every_alert_change_reaches_both_the_Kafka_alert_topic_and_the_alert_hub()
    {
        using var cluster = new MockKafka();
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

    /// <summary>librdkafka's in-process mock cluster (as the Kafka tests use it), alive as long as its admin client.</summary>
    private sealed class MockKafka : IDisposable
    {
        private readonly IAdminClient _admin;

        public MockKafka()
        {
            KafkaNativeLibrary.EnsureLoaded();
            var config = new AdminClientConfig();
            config.Set("test.mock.num.brokers", "3");
            _admin = new AdminClientBuilder(config).Build();
            var metadata = _admin.GetMetadata(TimeSpan.FromSeconds(10));
            BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        }

        public string BootstrapServers { get; }

        public List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic, int expected, TimeSpan timeout)
        {
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
            {
                BootstrapServers = BootstrapServers,
                GroupId = "reader-" + Guid.NewGuid().ToString("N"),
                EnableAutoCommit = false,
            }).Build();
            var partitions = _admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var results = new List<ConsumeResult<byte[]?, byte[]?>>();
            var deadline = DateTime.UtcNow + timeout;
            while (results.Count < expected && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } r)
                    results.Add(r);
            }
            // A moment more for extras (duplicates would show up here).
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: not null } extra)
                results.Add(extra);
            return results;
        }

        public void Dispose() => _admin.Dispose();
    }
}
