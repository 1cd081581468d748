using Azure.Messaging.EventHubs.Consumer;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>Reads a hub of the local broker back as a consumer would: every partition from the earliest event.</summary>
public static class HubReader
{
    /// <summary>
    /// Reads until <paramref name="expected"/> events arrived and a partition then reported nothing more within its wait
    /// (so extra events would have been seen too), or fails after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<List<PartitionEvent>> ReadAsync(string connectionString, string hub, int expected, TimeSpan timeout)
    {
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, connectionString, hub);
        using var cancel = new CancellationTokenSource(timeout);
        var events = new List<PartitionEvent>();
        var options = new ReadEventOptions { MaximumWaitTime = TimeSpan.FromMilliseconds(500) };
        try
        {
            await foreach (var e in consumer.ReadEventsAsync(startReadingAtEarliestEvent: true, options, cancel.Token))
            {
                if (e.Data is not null)
                    events.Add(e);
                else if (events.Count >= expected)
                    break;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"read {events.Count} of {expected} events from hub '{hub}' within {timeout}");
        }
        return events;
    }
}
