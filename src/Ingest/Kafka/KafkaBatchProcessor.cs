using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Lepton.Monitor.Contracts.Tracing;
using Lepton.Monitor.Ingest.Streams;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Hands one partition's batch of messages to the one ingest path and returns once its new records were
/// acknowledged by their grains: then, and only then, may the batch's offsets be committed. Rejected messages are
/// dead-lettered by ingest (and copied to the dead-letter topic), so a poison message never stalls the partition.
/// The retrying submit is <see cref="StreamBatchSubmitter"/>, shared with the native Event Hubs consumer.
/// </summary>
public sealed class KafkaBatchProcessor(IngestService ingest, KafkaDeadLetterTopic deadLetterTopic, ILogger<KafkaBatchProcessor> logger)
{
    private readonly StreamBatchSubmitter _submitter = new(ingest, IngestSource.Kafka, KafkaTelemetry.SubmitRetries, logger);

    /// <summary>Retries ingest failures (e.g. the store) until it succeeds or <paramref name="ct"/> is cancelled: nothing is skipped.</summary>
    public async Task ProcessAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, CancellationToken ct)
    {
        using var activity = StartBatchActivity(messages);
        activity?.SetTag("lepton.records", messages.Count);
        var started = Stopwatch.GetTimestamp();

        var records = new ReadOnlyMemory<byte>[messages.Count];
        for (var i = 0; i < messages.Count; i++)
            records[i] = CloudEventUnwrapper.RecordBytes(messages[i].Message.Value ?? [], messages[i].Message.Headers);
        var body = StreamBatchBody.Build(records);
        var origin = messages.Count > 0 ? $"{messages[0].Topic}/{messages[0].Partition.Value}, {messages.Count} messages" : "empty";
        var result = await _submitter.SubmitAsync(body, origin, ct);

        if (result.Rejected.Count > 0)
        {
            KafkaTelemetry.Poison.Add(result.Rejected.Count);
            if (deadLetterTopic.Enabled)
            {
                foreach (var rejected in result.Rejected)
                    await deadLetterTopic.CopyAsync(messages[rejected.Index], rejected.Reason, ct);
            }
        }
        KafkaTelemetry.Batches.Add(1);
        KafkaTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// The batch's span, under the first message's trace context and linked to the others' (headers are read only
    /// while someone listens); ingest.submit, and through it dispatch, continue from it.
    /// </summary>
    private static Activity? StartBatchActivity(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        if (!KafkaTelemetry.Source.HasListeners())
            return null;
        var traces = new BatchTraceLinks();
        for (var i = 0; i < messages.Count; i++)
            traces.Add(KafkaTraceContext.Extract(messages[i].Message.Headers));
        var activity = traces.Start(KafkaTelemetry.Source, "kafka.batch", ActivityKind.Consumer);
        if (activity is not null && messages.Count > 0)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.destination.name", messages[0].Topic);
            activity.SetTag("messaging.destination.partition.id", messages[0].Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.batch.message_count", messages.Count);
        }
        return activity;
    }
}
