using Confluent.Kafka;
using Lepton.Monitor.Ingest.Kafka;

namespace Lepton.Monitor.Kafka.Tests.Support;

/// <summary>
/// librdkafka's in-process mock Kafka cluster (3 brokers on 127.0.0.1, real wire protocol, topics auto-created with
/// 4 partitions), alive as long as the admin client that created it. Plus plain-client helpers the tests use.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IAdminClient _admin;

    public MockKafkaCluster()
    {
        KafkaNativeLibrary.EnsureLoaded();
        var config = new AdminClientConfig();
        config.Set("test.mock.num.brokers", "3");
        _admin = new AdminClientBuilder(config).Build();
        var metadata = _admin.GetMetadata(TimeSpan.FromSeconds(10));
        BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    public string BootstrapServers { get; }

    public IProducer<byte[]?, byte[]?> Producer() =>
        new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 5, EnableIdempotence = true }).Build();

    /// <summary>Produces the messages round-robin over <paramref name="partitions"/> partitions (or all to one) and waits for the acks.</summary>
    public async Task ProduceAsync(string topic, IEnumerable<Message<byte[]?, byte[]?>> messages, int partitions = 4, int? partition = null)
    {
        using var producer = Producer();
        var deliveries = new List<Task>();
        var i = 0;
        foreach (var m in messages)
            deliveries.Add(producer.ProduceAsync(new TopicPartition(topic, partition ?? i++ % partitions), m));
        await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public int PartitionCount(string topic) =>
        _admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;

    /// <summary>The group's committed offsets summed over the topic's partitions.</summary>
    public long CommittedTotal(string topic, string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group }).Build();
        var partitions = Enumerable.Range(0, PartitionCount(topic)).Select(p => new TopicPartition(topic, p));
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Where(o => !o.Offset.IsSpecial).Sum(o => o.Offset.Value);
    }

    /// <summary>Waits (bounded) until the group has committed <paramref name="expected"/> messages of the topic.</summary>
    public async Task WaitForCommittedAsync(string topic, string group, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long committed;
        while ((committed = CommittedTotal(topic, group)) < expected)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"group {group} committed {committed} of {expected} messages of {topic} within {timeout}");
            await Task.Delay(100);
        }
    }

    /// <summary>Reads every partition of <paramref name="topic"/> from the beginning until <paramref name="expected"/> messages arrived or the timeout.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic, int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, PartitionCount(topic)).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r?.Message is not null)
                results.Add(r);
        }
        return results;
    }

    public void Dispose() => _admin.Dispose();
}
