using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;

namespace Lepton.Monitor.EventHubs.Tests.Broker;

/// <summary>The broker's faults, against the real SDK: dropped connections, refused links, a slow partition.</summary>
public sealed class BrokerFaultTests
{
    const string Hub = "transactions";

    [Fact]
    public async Task A_dropped_connection_during_reading_resumes_without_loss_or_duplicates()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 2 } });
        var retries = BrokerReading.FastRetries;
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub, new EventHubProducerClientOptions { RetryOptions = retries });
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub,
            new EventHubConsumerClientOptions { RetryOptions = retries });
        for (var b = 0; b < 10; b++)
        {
            await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "1" },
                Enumerable.Range(b * 30, 30).Select(i => BrokerReading.Event($"e{i}", i)));
        }

        var received = new List<long>();
        var dropped = 0;
        using var cts = new CancellationTokenSource(BrokerReading.Bound);
        // A small prefetch, so the drop falls between events the SDK already handed out and events it still has to fetch.
        var options = new ReadEventOptions { PrefetchCount = 10, CacheEventCount = 10, MaximumWaitTime = TimeSpan.FromMilliseconds(200) };
        await foreach (var pe in consumer.ReadEventsFromPartitionAsync("1", EventPosition.Earliest, options, cts.Token))
        {
            if (pe.Data is null)
            {
                continue;
            }

            received.Add(pe.Data.SequenceNumber);
            if (received.Count == 100)
            {
                Assert.True(broker.OpenConnections >= 2, $"expected the producer's and the consumer's connections, saw {broker.OpenConnections}");
                dropped = broker.DropConnections();
                // The producer reconnects too: events sent after the drop arrive behind the others.
                await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "1" },
                    Enumerable.Range(300, 50).Select(i => BrokerReading.Event($"e{i}", i)));
            }

            if (received.Count == 350)
            {
                break;
            }
        }

        Assert.True(dropped >= 2, $"DropConnections closed {dropped} connections");
        Assert.Equal(350, broker.Count(Hub));
        Assert.Equal(Enumerable.Range(0, 350).Select(i => (long)i), received);
    }

    [Fact]
    public async Task Refused_links_are_retried_by_the_producer_and_the_consumer()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 1 } });
        var retries = BrokerReading.FastRetries;
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub, new EventHubProducerClientOptions { RetryOptions = retries });
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub,
            new EventHubConsumerClientOptions { RetryOptions = retries });

        broker.RefuseLinks(Hub, 2);
        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" }, [BrokerReading.Event("after-refusals", 0)]);
        Assert.Equal(2, broker.LinksRefused(Hub));
        Assert.Equal(1, broker.Count(Hub));

        broker.RefuseLinks(Hub, 2);
        var received = await BrokerReading.ReadAsync(consumer, "0", EventPosition.Earliest, 1);
        Assert.Equal(4, broker.LinksRefused(Hub));
        Assert.Equal("after-refusals", Assert.Single(received).EventBody.ToString());
    }

    [Fact]
    public async Task A_link_refused_as_quota_exceeded_fails_the_send_without_retry()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 1 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub,
            new EventHubProducerClientOptions { RetryOptions = BrokerReading.FastRetries });
        using var cts = new CancellationTokenSource(BrokerReading.Bound);

        broker.RefuseLinks(Hub, 3, LinkRefusal.QuotaExceeded);
        var error = await Assert.ThrowsAsync<EventHubsException>(() =>
            producer.SendAsync([BrokerReading.Event("refused", 0)], new SendEventOptions { PartitionId = "0" }, cts.Token));

        Assert.Equal(EventHubsException.FailureReason.QuotaExceeded, error.Reason);
        Assert.Equal(1, broker.LinksRefused(Hub));
        Assert.Equal(0, broker.Count(Hub));
    }

    [Fact]
    public async Task A_consumer_link_refused_as_quota_exceeded_fails_the_read_and_the_next_read_works()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 1 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub,
            new EventHubConsumerClientOptions { RetryOptions = BrokerReading.FastRetries });
        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" }, [BrokerReading.Event("kept", 0)]);
        using var cts = new CancellationTokenSource(BrokerReading.Bound);

        broker.RefuseLinks(Hub, 1, LinkRefusal.QuotaExceeded);
        var error = await Assert.ThrowsAsync<EventHubsException>(async () =>
        {
            await foreach (var _ in consumer.ReadEventsFromPartitionAsync("0", EventPosition.Earliest, cts.Token))
            {
            }
        });

        Assert.Equal(EventHubsException.FailureReason.QuotaExceeded, error.Reason);
        Assert.Equal(1, broker.LinksRefused(Hub));
        var received = await BrokerReading.ReadAsync(consumer, "0", EventPosition.Earliest, 1);
        Assert.Equal("kept", Assert.Single(received).EventBody.ToString());
    }

    [Fact]
    public async Task A_slowed_partition_still_delivers_everything_at_its_pace()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 2 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub);
        foreach (var partition in new[] { "0", "1" })
        {
            await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = partition },
                Enumerable.Range(0, 10).Select(i => BrokerReading.Event($"{partition}-{i}", i)));
        }

        var delay = TimeSpan.FromMilliseconds(60);
        broker.SlowPartition(Hub, "1", delay);
        var watch = Stopwatch.StartNew();
        var slow = await BrokerReading.ReadAsync(consumer, "1", EventPosition.Earliest, 10);
        var slowElapsed = watch.Elapsed;

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"1-{i}"), slow.Select(e => e.EventBody.ToString()));
        // Lower bound only: every delivery waited the delay, so the fault was applied.
        Assert.True(slowElapsed >= delay * 9, $"10 slowed deliveries took only {slowElapsed}");

        var normal = await BrokerReading.ReadAsync(consumer, "0", EventPosition.Earliest, 10);
        Assert.Equal(10, normal.Count);

        broker.SlowPartition(Hub, "1", TimeSpan.Zero);
        var again = await BrokerReading.ReadAsync(consumer, "1", EventPosition.Earliest, 10);
        Assert.Equal(10, again.Count);
    }
}
