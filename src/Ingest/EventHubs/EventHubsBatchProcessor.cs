using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Lepton.Monitor.Contracts.Tracing;
using Lepton.Monitor.Ingest.Streams;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// Hands one partition's batch of events to the one ingest path and returns once its new records were acknowledged
/// by their grains: then, and only then, may the batch be checkpointed. Rejected events are dead-lettered by ingest
/// (source <c>eventhubs</c>, with the reason and the event's position in the batch), so a poison event never stalls
/// the partition. The retrying submit is <see cref="StreamBatchSubmitter"/>, shared with the Kafka consumer.
/// </summary>
public sealed class EventHubsBatchProcessor(IngestService ingest, ILogger<EventHubsBatchProcessor> logger)
{
    private readonly StreamBatchSubmitter _submitter = new(ingest, IngestSource.EventHubs, EventHubsTelemetry.SubmitRetries, logger);

    /// <summary>Retries ingest failures (e.g. the store) until it succeeds or <paramref name="ct"/> is cancelled: nothing is skipped.</summary>
    public async Task ProcessAsync(string eventHub, string partitionId, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        using var activity = StartBatchActivity(events);
        activity?.SetTag("lepton.records", events.Count);
        activity?.SetTag("messaging.destination.name", eventHub);
        activity?.SetTag("messaging.destination.partition.id", partitionId);
        var started = Stopwatch.GetTimestamp();

        var records = new ReadOnlyMemory<byte>[events.Count];
        for (var i = 0; i < events.Count; i++)
            records[i] = EventHubsEventRecord.RecordBytes(events[i]);
        var body = StreamBatchBody.Build(records);
        var origin = events.Count > 0
            ? $"{eventHub}/{partitionId}, sequence {events[0].SequenceNumber}..{events[^1].SequenceNumber}"
            : $"{eventHub}/{partitionId}, empty";
        var result = await _submitter.SubmitAsync(body, origin, ct);

        if (result.Rejected.Count > 0)
        {
            EventHubsTelemetry.Poison.Add(result.Rejected.Count);
            foreach (var rejected in result.Rejected.Where(r => r.Index >= 0 && r.Index < events.Count))
            {
                logger.LogDebug("Event {SequenceNumber} of {EventHub}/{Partition} dead-lettered: {Reason}",
                    events[rejected.Index].SequenceNumber, eventHub, partitionId, rejected.Reason);
            }
        }
        activity?.SetTag("lepton.rejected", result.Rejected.Count);
        EventHubsTelemetry.Batches.Add(1);
        EventHubsTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// The batch's span, under the first event's trace context (traceparent or Diagnostic-Id) and linked to the others'
    /// (properties are read only while someone listens); ingest.submit, and through it dispatch, continue from it.
    /// </summary>
    private static Activity? StartBatchActivity(IReadOnlyList<EventData> events)
    {
        if (!EventHubsTelemetry.Source.HasListeners())
            return null;
        var traces = new BatchTraceLinks();
        for (var i = 0; i < events.Count; i++)
            traces.Add(EventHubsTraceContext.Extract(events[i]));
        var activity = traces.Start(EventHubsTelemetry.Source, "eventhubs.batch", ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "eventhubs");
        activity?.SetTag("messaging.batch.message_count", events.Count);
        return activity;
    }
}
