using System.Text;
using Confluent.Kafka;
using Lepton.Monitor.Contracts.Tracing;
using Lepton.Monitor.Ingest.Outbox;
using Lepton.Monitor.Storage;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Sends outbox rows to <c>Lepton:Kafka:AlertTopic</c>: each row is one CloudEvent (structured mode), keyed by tenant so
/// a tenant's alerts keep their order on one partition, by the idempotent producer. A refusal of the message itself
/// (too large, invalid) is permanent for that event; anything else (timeouts, an unreachable broker) is transient.
/// Counted per send (<c>lepton.kafka.alerts_published</c>, <c>alert_publish_failures</c>), so an outage's failed
/// rounds show up while it lasts. Drained by <see cref="Outbox.AlertOutboxPublisher"/>.
/// </summary>
public sealed class KafkaAlertTransport(KafkaOptions options, KafkaProducerHost producers) : IOutboxTransport
{
    private static readonly byte[] ContentType = Encoding.ASCII.GetBytes("application/cloudevents+json; charset=UTF-8");

    public string Name => "kafka";

    public async Task<IReadOnlyList<OutboxSendFailure?>> SendAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
    {
        var producer = producers.Producer;
        var deliveries = new Task[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var message = new Message<byte[]?, byte[]?>
            {
                Key = Encoding.UTF8.GetBytes(e.Key),
                Value = e.Payload,
                Headers = new Headers { { "content-type", ContentType } },
            };
            // The event's distributed-tracing extension, repeated as W3C headers for Kafka-side tracing tools.
            var (traceParent, traceState) = CloudEventTraceAttributes.Read(e.Payload);
            if (traceParent is not null)
            {
                message.Headers.Add(W3CTraceContext.TraceParent, Encoding.ASCII.GetBytes(traceParent));
                if (traceState is not null)
                    message.Headers.Add(W3CTraceContext.TraceState, Encoding.ASCII.GetBytes(traceState));
            }
            deliveries[i] = producer.ProduceAsync(options.AlertTopic!, message, ct);
        }
        try
        {
            await Task.WhenAll(deliveries);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Per-delivery results are read below.
        }
        var results = new OutboxSendFailure?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            if (deliveries[i].IsCompletedSuccessfully)
                continue;
            var error = deliveries[i].Exception?.InnerException;
            results[i] = error is ProduceException<byte[]?, byte[]?> produce
                ? new OutboxSendFailure($"{produce.Error.Code}: {produce.Error.Reason}", !RefusesTheMessage(produce.Error.Code))
                : new OutboxSendFailure(error?.Message ?? "not delivered", Transient: true);
        }
        var failed = results.Count(r => r is not null);
        KafkaTelemetry.AlertsPublished.Add(entries.Count - failed);
        KafkaTelemetry.AlertPublishFailures.Add(failed);
        return results;
    }

    /// <summary>Errors about this message, not the broker's availability: retrying cannot help it.</summary>
    internal static bool RefusesTheMessage(ErrorCode code) => code is ErrorCode.MsgSizeTooLarge
        or ErrorCode.InvalidMsg or ErrorCode.InvalidMsgSize or ErrorCode.Local_BadMsg or ErrorCode.InvalidRecord
        or ErrorCode.RecordListTooLarge;
}
