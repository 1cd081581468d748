using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;

namespace Lepton.Monitor.EventHubs.Tests.Broker;

/// <summary>Events sent with the real producer come back through the real consumer as sent, from every kind of start position.</summary>
public sealed class BrokerProduceConsumeTests
{
    const string Hub = "transactions";

    [Fact]
    public async Task A_batch_sent_to_a_partition_round_trips_body_properties_content_type_and_positions()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 4 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub);

        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "3" },
            Enumerable.Range(0, 10).Select(i => BrokerReading.Event($"{{\"n\":{i}}}", i, "application/json")));

        var stored = broker.Events(Hub, "3");
        Assert.Equal(10, stored.Count);
        Assert.Equal(0, broker.Events(Hub, "0").Count + broker.Events(Hub, "1").Count + broker.Events(Hub, "2").Count);

        var received = await BrokerReading.ReadAsync(consumer, "3", EventPosition.Earliest, 10);
        Assert.Equal(10, received.Count);
        for (var i = 0; i < 10; i++)
        {
            var e = received[i];
            Assert.Equal($"{{\"n\":{i}}}", e.EventBody.ToString());
            Assert.Equal("application/json", e.ContentType);
            Assert.Equal($"m-{i}", e.MessageId);
            Assert.Equal(i, e.Properties["n"]);
            Assert.Equal("acme", e.Properties["tenant"]);
            Assert.Equal(i, e.SequenceNumber);
            Assert.Equal(stored[i].Offset, e.OffsetString);
            Assert.Equal(stored[i].EnqueuedTime, e.EnqueuedTime);
            Assert.Equal(stored[i].Body.ToArray(), e.EventBody.ToArray());
            Assert.Equal("application/json", stored[i].ContentType);
            Assert.Equal(i, stored[i].Properties["n"]);
        }

        // Offsets look like byte positions: increasing, and not the sequence numbers.
        Assert.True(received.Zip(received.Skip(1)).All(p => long.Parse(p.First.OffsetString) < long.Parse(p.Second.OffsetString)));
        Assert.NotEqual("1", received[1].OffsetString);
    }

    [Fact]
    public async Task Batches_with_the_same_partition_key_land_in_the_same_partition_and_keep_the_key()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 4 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);

        for (var round = 0; round < 3; round++)
        {
            foreach (var key in new[] { "tenant-a", "tenant-b", "tenant-c", "tenant-d", "tenant-e" })
            {
                await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionKey = key },
                    Enumerable.Range(0, 2).Select(i => BrokerReading.Event($"{key}-{round}-{i}", i)));
            }
        }

        var byKey = Enumerable.Range(0, 4)
            .SelectMany(p => broker.Events(Hub, p.ToString()).Select(e => (Partition: p, e.PartitionKey)))
            .GroupBy(x => x.PartitionKey!)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Partition).Distinct().ToArray());
        Assert.Equal(5, byKey.Count);
        Assert.All(byKey.Values, partitions => Assert.Single(partitions));
        Assert.Equal(30, broker.Count(Hub));

        // The key comes back on the events a consumer reads.
        var (keyA, partitionA) = ("tenant-a", byKey["tenant-a"][0].ToString());
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub);
        var count = broker.Events(Hub, partitionA).Count;
        var received = await BrokerReading.ReadAsync(consumer, partitionA, EventPosition.Earliest, count);
        Assert.Equal(6, received.Count(e => e.PartitionKey == keyA));
    }

    [Fact]
    public async Task Batches_without_key_or_partition_are_spread_round_robin()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 4 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);

        for (var i = 0; i < 8; i++)
        {
            await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions(), [BrokerReading.Event($"e{i}", i)]);
        }

        Assert.All(Enumerable.Range(0, 4), p => Assert.Equal(2, broker.Events(Hub, p.ToString()).Count));
    }

    [Fact]
    public async Task Reading_from_a_sequence_number_is_exclusive_or_inclusive_as_asked()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 2 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub);
        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "1" },
            Enumerable.Range(0, 10).Select(i => BrokerReading.Event($"e{i}", i)));

        var exclusive = await BrokerReading.ReadAsync(consumer, "1", EventPosition.FromSequenceNumber(5, isInclusive: false), 4);
        Assert.Equal([6L, 7, 8, 9], exclusive.Select(e => e.SequenceNumber));

        var inclusive = await BrokerReading.ReadAsync(consumer, "1", EventPosition.FromSequenceNumber(5, isInclusive: true), 5);
        Assert.Equal([5L, 6, 7, 8, 9], inclusive.Select(e => e.SequenceNumber));

        var offset = broker.Events(Hub, "1")[7].Offset;
        var fromOffset = await BrokerReading.ReadAsync(consumer, "1", EventPosition.FromOffset(offset, isInclusive: false), 2);
        Assert.Equal([8L, 9], fromOffset.Select(e => e.SequenceNumber));

        // Nothing beyond the end: a read after the last event waits instead of replaying earlier ones.
        var beyond = await BrokerReading.ReadAsync(consumer, "1", EventPosition.FromSequenceNumber(9, isInclusive: false), 1,
            bound: TimeSpan.FromSeconds(1));
        Assert.Empty(beyond);
    }

    [Fact]
    public async Task Reading_from_latest_gets_only_events_sent_after_the_reader_attached()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 2 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub);
        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" },
            Enumerable.Range(0, 3).Select(i => BrokerReading.Event($"old{i}", i)));

        var received = new List<EventData>();
        using var cts = new CancellationTokenSource(BrokerReading.Bound);
        var sent = false;
        // An empty wait (MaximumWaitTime) proves the link is attached before the new events are sent.
        await foreach (var pe in consumer.ReadEventsFromPartitionAsync("0", EventPosition.Latest,
                           new ReadEventOptions { MaximumWaitTime = TimeSpan.FromMilliseconds(100) }, cts.Token))
        {
            if (pe.Data is null)
            {
                if (!sent)
                {
                    sent = true;
                    await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" },
                        Enumerable.Range(0, 2).Select(i => BrokerReading.Event($"new{i}", i)));
                }

                continue;
            }

            received.Add(pe.Data);
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["new0", "new1"], received.Select(e => e.EventBody.ToString()));
        Assert.Equal([3L, 4], received.Select(e => e.SequenceNumber));
    }

    [Fact]
    public async Task Tracked_last_enqueued_properties_come_with_the_events()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 1 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub);
        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" },
            Enumerable.Range(0, 5).Select(i => BrokerReading.Event($"e{i}", i)));

        using var cts = new CancellationTokenSource(BrokerReading.Bound);
        LastEnqueuedEventProperties last = default;
        await foreach (var pe in consumer.ReadEventsFromPartitionAsync("0", EventPosition.Earliest,
                           new ReadEventOptions { TrackLastEnqueuedEventProperties = true }, cts.Token))
        {
            last = pe.Partition.ReadLastEnqueuedEventProperties();
            break;
        }

        var stored = broker.Events(Hub, "0");
        Assert.Equal(4, last.SequenceNumber);
        Assert.Equal(stored[^1].Offset, last.OffsetString);
        Assert.Equal(stored[^1].EnqueuedTime, last.EnqueuedTime);
        Assert.NotNull(last.LastReceivedTime);
    }
}
