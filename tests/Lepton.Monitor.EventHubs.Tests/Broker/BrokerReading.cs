using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Lepton.Monitor.EventHubs.Tests.Broker;

/// <summary>Bounded helpers for the broker tests: send a batch with the real producer, read a partition with the real consumer.</summary>
internal static class BrokerReading
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Short fixed retries, so a fault the SDK retries does not stretch a test to the default back-off.</summary>
    public static EventHubsRetryOptions FastRetries => new()
    {
        Mode = EventHubsRetryMode.Fixed,
        Delay = TimeSpan.FromMilliseconds(50),
        MaximumRetries = 5,
        TryTimeout = TimeSpan.FromSeconds(10),
    };

    public static EventData Event(string body, int n, string contentType = "text/plain")
    {
        var e = new EventData(BinaryData.FromString(body)) { ContentType = contentType, MessageId = $"m-{n}" };
        e.Properties["n"] = n;
        e.Properties["tenant"] = "acme";
        return e;
    }

    public static async Task SendBatchAsync(EventHubProducerClient producer, CreateBatchOptions options, IEnumerable<EventData> events)
    {
        using var cts = new CancellationTokenSource(Bound);
        using var batch = await producer.CreateBatchAsync(options, cts.Token);
        foreach (var e in events)
        {
            Assert.True(batch.TryAdd(e), "the event did not fit the batch");
        }

        await producer.SendAsync(batch, cts.Token);
    }

    /// <summary>Reads until <paramref name="count"/> events arrived or the bound passed; returns what arrived.</summary>
    public static async Task<List<EventData>> ReadAsync(EventHubConsumerClient consumer, string partitionId, EventPosition from, int count,
        ReadEventOptions? options = null, TimeSpan? bound = null)
    {
        var received = new List<EventData>();
        using var cts = new CancellationTokenSource(bound ?? Bound);
        try
        {
            await foreach (var pe in consumer.ReadEventsFromPartitionAsync(partitionId, from, options ?? new ReadEventOptions(), cts.Token))
            {
                if (pe.Data is not null)
                {
                    received.Add(pe.Data);
                    if (received.Count >= count)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return received;
    }
}
