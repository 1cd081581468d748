using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.Contracts.Tracing;
using Lepton.Monitor.Ingest.Outbox;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// Sends outbox rows to <c>Lepton:EventHubs:AlertHub</c>: each row is one CloudEvent (structured mode: the body is the
/// event JSON, <c>ContentType</c> <c>application/cloudevents+json</c>, <c>MessageId</c> the CloudEvent id), in
/// <see cref="EventDataBatch"/>es whose partition key is the tenant, so a tenant's alerts keep their order on one
/// partition. Tenants are sent concurrently; a tenant's batches one after another, and once one of its events fails
/// the rest of that tenant's round is not sent (it would overtake the failed one).
/// <para>
/// Failures: an event too large for an empty batch, or refused by the hub as too large (<c>MessageSizeExceeded</c>), is
/// permanent for that event. Everything else is transient: a busy or throttled hub, timeouts, a lost connection, and
/// also <c>ResourceNotFound</c> (the hub missing) and authorization errors — those are about the deployment, not the
/// event, and hold back every event alike, so the outbox sees an outage: it backs off and delivers everything once the
/// hub exists, instead of parking each alert after <see cref="OutboxOptions.MaxAttempts"/> for an operator to replay.
/// </para>
/// </summary>
public sealed class EventHubsAlertTransport(EventHubsAlertProducerHost producers) : IOutboxTransport
{
    public const string ContentType = "application/cloudevents+json; charset=UTF-8";

    public string Name => "eventhubs";

    public async Task<IReadOnlyList<OutboxSendFailure?>> SendAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
    {
        var results = new OutboxSendFailure?[entries.Count];
        var tenants = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (!tenants.TryGetValue(entries[i].Key, out var indexes))
                tenants[entries[i].Key] = indexes = [];
            indexes.Add(i);
        }
        var producer = producers.Producer;
        await Task.WhenAll(tenants.Select(t => SendTenantAsync(producer, t.Key, t.Value, entries, results, ct)));

        var failed = results.Count(r => r is not null);
        EventHubsAlertTelemetry.AlertsPublished.Add(entries.Count - failed);
        EventHubsAlertTelemetry.AlertPublishFailures.Add(failed);
        return results;
    }

    public static EventData ToEventData(OutboxEntry entry)
    {
        var data = new EventData(entry.Payload) { ContentType = ContentType, MessageId = entry.EventId };
        // The event's distributed-tracing extension, repeated as the W3C application properties tracing tools read.
        var (traceParent, traceState) = CloudEventTraceAttributes.Read(entry.Payload);
        if (traceParent is not null)
        {
            data.Properties[W3CTraceContext.TraceParent] = traceParent;
            if (traceState is not null)
                data.Properties[W3CTraceContext.TraceState] = traceState;
        }
        return data;
    }

    /// <summary>One tenant's events in order: fill a batch, send it when the next event does not fit, start a new one.</summary>
    private static async Task SendTenantAsync(EventHubProducerClient producer, string tenant, List<int> indexes,
        IReadOnlyList<OutboxEntry> entries, OutboxSendFailure?[] results, CancellationToken ct)
    {
        var options = new CreateBatchOptions { PartitionKey = tenant };
        var inBatch = new List<int>();
        EventDataBatch? batch = null;
        var k = 0;
        try
        {
            batch = await producer.CreateBatchAsync(options, ct);
            while (k < indexes.Count)
            {
                var i = indexes[k];
                if (batch.TryAdd(ToEventData(entries[i])))
                {
                    inBatch.Add(i);
                    k++;
                    continue;
                }
                if (inBatch.Count == 0)
                {
                    results[i] = new OutboxSendFailure($"MessageSizeExceeded: the event ({entries[i].Payload.Length} bytes) is larger than the hub's maximum event size ({batch.MaximumSizeInBytes} bytes)", Transient: false);
                    FailRest(indexes, k + 1, entries[i], results);
                    return;
                }
                await producer.SendAsync(batch, ct); // full: send what fits, then the next event starts a new batch
                inBatch.Clear();
                batch.Dispose();
                batch = null;
                batch = await producer.CreateBatchAsync(options, ct);
            }
            if (inBatch.Count > 0)
                await producer.SendAsync(batch, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var failure = Classify(e);
            foreach (var i in inBatch)
                results[i] = failure;
            if (inBatch.Count > 0)
                FailRest(indexes, k, entries[inBatch[0]], results); // events not yet in the failed batch wait behind it
            else if (k < indexes.Count)
            {
                results[indexes[k]] = failure; // creating its batch failed
                FailRest(indexes, k + 1, entries[indexes[k]], results);
            }
        }
        finally
        {
            batch?.Dispose();
        }
    }

    /// <summary>The tenant's later events are held back behind a failed one, so they cannot overtake it.</summary>
    private static void FailRest(List<int> indexes, int from, OutboxEntry failed, OutboxSendFailure?[] results)
    {
        if (from >= indexes.Count)
            return;
        var behind = new OutboxSendFailure($"not sent: behind event {failed.EventId} of the same tenant, which failed", Transient: true);
        for (var k = from; k < indexes.Count; k++)
            results[indexes[k]] ??= behind;
    }

    /// <summary>Only a refusal of the event's size is the event's own fault; see the class comment for the rest.</summary>
    internal static OutboxSendFailure Classify(Exception e) => e switch
    {
        EventHubsException { Reason: EventHubsException.FailureReason.MessageSizeExceeded } h => new OutboxSendFailure($"{h.Reason}: {h.Message}", Transient: false),
        EventHubsException h => new OutboxSendFailure($"{h.Reason}: {h.Message}", Transient: true),
        _ => new OutboxSendFailure($"{e.GetType().Name}: {e.Message}", Transient: true),
    };
}
