using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;

namespace Lepton.Monitor.EventHubs.Tests.Broker;

/// <summary>The broker answers the SDK's $management reads: hub and partition properties, and not-found for an unknown hub.</summary>
public sealed class BrokerManagementTests
{
    [Fact]
    public async Task Hub_and_partition_properties_reflect_what_the_broker_holds()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { ["telemetry"] = 3 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, "telemetry");
        using var cts = new CancellationTokenSource(BrokerReading.Bound);

        var hub = await producer.GetEventHubPropertiesAsync(cts.Token);
        Assert.Equal("telemetry", hub.Name);
        Assert.Equal(["0", "1", "2"], hub.PartitionIds);
        Assert.InRange(hub.CreatedOn, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var empty = await producer.GetPartitionPropertiesAsync("2", cts.Token);
        Assert.True(empty.IsEmpty);
        Assert.Equal(-1, empty.LastEnqueuedSequenceNumber);

        await BrokerReading.SendBatchAsync(producer, new CreateBatchOptions { PartitionId = "2" },
            Enumerable.Range(0, 4).Select(i => BrokerReading.Event($"e{i}", i)));

        var filled = await producer.GetPartitionPropertiesAsync("2", cts.Token);
        var stored = broker.Events("telemetry", "2");
        Assert.False(filled.IsEmpty);
        Assert.Equal("telemetry", filled.EventHubName);
        Assert.Equal("2", filled.Id);
        Assert.Equal(0, filled.BeginningSequenceNumber);
        Assert.Equal(3, filled.LastEnqueuedSequenceNumber);
        Assert.Equal(stored[^1].Offset, filled.LastEnqueuedOffsetString);
        Assert.Equal(stored[^1].EnqueuedTime, filled.LastEnqueuedTime);
        Assert.Equal(4, broker.Count("telemetry"));
    }

    [Fact]
    public async Task An_unknown_hub_is_resource_not_found()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { ["telemetry"] = 1 } });
        await using var producer = new EventHubProducerClient(broker.ConnectionString, "nothing-here",
            new EventHubProducerClientOptions { RetryOptions = BrokerReading.FastRetries });
        using var cts = new CancellationTokenSource(BrokerReading.Bound);

        var error = await Assert.ThrowsAsync<EventHubsException>(() => producer.GetEventHubPropertiesAsync(cts.Token));
        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, error.Reason);
    }
}
