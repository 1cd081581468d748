using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;

namespace Lepton.Monitor.EventHubs.Tests.Broker;

/// <summary>Owner levels (epochs): a reader at the same or a higher level takes a partition over, a lower one is refused.</summary>
public sealed class BrokerEpochTests
{
    const string Hub = "transactions";

    [Fact]
    public async Task A_second_reader_with_the_owner_level_takes_over_and_the_first_is_disconnected()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 2 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        var options = new EventHubConsumerClientOptions { RetryOptions = BrokerReading.FastRetries };
        await using var first = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub, options);
        await using var second = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub, options);
        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" },
            Enumerable.Range(0, 3).Select(i => BrokerReading.Event($"e{i}", i)));

        using var cts = new CancellationTokenSource(BrokerReading.Bound);
        var firstReading = first.ReadEventsFromPartitionAsync("0", EventPosition.Earliest,
            new ReadEventOptions { OwnerLevel = 1, MaximumWaitTime = TimeSpan.FromMilliseconds(100) }, cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            // The first reader holds the partition once it received an event.
            while (await firstReading.MoveNextAsync() && firstReading.Current.Data is null)
            {
            }

            Assert.Equal(0, firstReading.Current.Data!.SequenceNumber);

            var taken = await BrokerReading.ReadAsync(second, "0", EventPosition.Earliest, 3, new ReadEventOptions { OwnerLevel = 1 });
            Assert.Equal([0L, 1, 2], taken.Select(e => e.SequenceNumber));

            var disconnected = await Assert.ThrowsAsync<EventHubsException>(async () =>
            {
                while (await firstReading.MoveNextAsync())
                {
                }
            });
            Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, disconnected.Reason);
        }
        finally
        {
            await firstReading.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_reader_with_a_lower_owner_level_is_refused()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 1 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        var options = new EventHubConsumerClientOptions { RetryOptions = BrokerReading.FastRetries };
        await using var owner = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub, options);
        await using var lower = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, broker.ConnectionString, Hub, options);
        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" }, [BrokerReading.Event("e0", 0)]);

        using var cts = new CancellationTokenSource(BrokerReading.Bound);
        var owning = owner.ReadEventsFromPartitionAsync("0", EventPosition.Earliest,
            new ReadEventOptions { OwnerLevel = 5, MaximumWaitTime = TimeSpan.FromMilliseconds(100) }, cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            while (await owning.MoveNextAsync() && owning.Current.Data is null)
            {
            }

            var refused = await Assert.ThrowsAsync<EventHubsException>(async () =>
            {
                await foreach (var _ in lower.ReadEventsFromPartitionAsync("0", EventPosition.Earliest,
                                   new ReadEventOptions { OwnerLevel = 4 }, cts.Token))
                {
                }
            });
            Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, refused.Reason);

            // The owner keeps the partition: new events still reach it.
            await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "0" }, [BrokerReading.Event("e1", 1)]);
            while (await owning.MoveNextAsync() && owning.Current.Data is null)
            {
            }

            Assert.Equal(1, owning.Current.Data!.SequenceNumber);
        }
        finally
        {
            await owning.DisposeAsync();
        }
    }
}
