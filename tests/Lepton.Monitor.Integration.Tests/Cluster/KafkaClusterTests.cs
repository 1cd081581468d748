using Confluent.Kafka;
using Lepton.Monitor.Ingest.Kafka;
using Xunit.Abstractions;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// Issue 16 §3, Kafka side: two api processes in one consumer group share the topic's partitions (librdkafka's mock
/// cluster, a real Kafka wire protocol, here in the test process), each commits offsets only after the grains of the
/// one silo acknowledged, and every record is checked once. Alerts go out through the silos' outbox rows to the alert
/// topic, drained by the api processes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KafkaClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_api_processes_share_the_partitions_and_every_record_is_checked_once()
    {
        KafkaNativeLibrary.EnsureLoaded();
        var config = new AdminClientConfig();
        config.Set("test.mock.num.brokers", "3");
        using var broker = new AdminClientBuilder(config).Build(); // the mock cluster lives as long as this client
        var bootstrap = string.Join(",", broker.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Select(b => $"{b.Host}:{b.Port}"));
        var stream = new ClusterStream(count: 2_000, seed: 23);

        await using var cluster = await LocalCluster.UpAsync(silos: 1, apis: 2,
            extraArgs: $"--Lepton:Kafka:BootstrapServers {bootstrap} --Lepton:Kafka:Topic tx-cluster --Lepton:Kafka:ConsumerGroup lepton-cluster");
        using var first = cluster.AdminClient(api: 1);
        using var second = cluster.AdminClient(api: 2);
        await ClusterStream.CreateTenantAsync(first, shards: 1);

        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true }).Build())
        {
            var i = 0;
            var deliveries = stream.Records.Select(r => producer.ProduceAsync(new TopicPartition("tx-cluster", i++ % 4), new Message<byte[]?, byte[]?> { Value = r })).ToList();
            await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(60));
        }

        var deadline = DateTime.UtcNow.AddMinutes(3);
        double one, two;
        while ((one = await ClusterStream.DispatchedAsync(first)) + (two = await ClusterStream.DispatchedAsync(second)) < stream.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {one} + {two} of {stream.Count} records acknowledged\n{cluster.Log("api-1")}\n{cluster.Log("api-2")}");
            await Task.Delay(250);
        }
        output.WriteLine($"api-1 dispatched {one}, api-2 {two} of {stream.Count}");
        Assert.True(one > 0 && two > 0, $"the partitions were not shared: api-1 dispatched {one}, api-2 {two}");
        Assert.Equal(stream.Count, one + two); // none twice: each record came from the partition one process owned

        await stream.AssertNoRecordTwiceAndThresholdsAlertedAsync(first);
    }
}
