using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;

namespace Lepton.Monitor.EventHubs.Tests.Broker;

/// <summary>The processor path the product uses (EventProcessor with its own ownership store) works against the broker.</summary>
public sealed class BrokerProcessorTests
{
    const string Hub = "transactions";

    [Fact]
    public async Task An_event_processor_claims_all_four_partitions_and_reads_every_event_in_order()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 4 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        for (var p = 0; p < 4; p++)
        {
            await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = p.ToString() },
                Enumerable.Range(0, 25).Select(i => BrokerReading.Event($"{p}-{i}", i)));
        }

        var processor = new MemoryEventProcessor(broker.ConnectionString, Hub, new EventProcessorOptions
        {
            LoadBalancingStrategy = LoadBalancingStrategy.Greedy,
            LoadBalancingUpdateInterval = TimeSpan.FromMilliseconds(500),
            PartitionOwnershipExpirationInterval = TimeSpan.FromSeconds(10),
            MaximumWaitTime = TimeSpan.FromMilliseconds(200),
            RetryOptions = BrokerReading.FastRetries,
        });

        using var cts = new CancellationTokenSource(BrokerReading.Bound);
        await processor.StartProcessingAsync(cts.Token);
        try
        {
            // Events sent while the processor runs arrive too.
            await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "2" },
                Enumerable.Range(25, 5).Select(i => BrokerReading.Event($"2-{i}", i)));
            while (processor.Processed.Count < 105 && !cts.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
        finally
        {
            await processor.StopProcessingAsync(CancellationToken.None);
        }

        Assert.Empty(processor.Errors);
        Assert.Equal(4, processor.Owned);
        var byPartition = processor.Processed.GroupBy(e => e.PartitionId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["0", "1", "2", "3"], byPartition.Keys.Order());
        foreach (var (partition, events) in byPartition)
        {
            var expected = partition == "2" ? 30 : 25;
            Assert.Equal(Enumerable.Range(0, expected).Select(i => (long)i), events.Select(e => e.SequenceNumber));
            Assert.Equal(Enumerable.Range(0, expected).Select(i => $"{partition}-{i}"), events.Select(e => e.Body));
        }
    }
}
