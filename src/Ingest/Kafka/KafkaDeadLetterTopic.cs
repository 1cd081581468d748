using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Copies a poison message, unchanged with its key and headers, to <c>Lepton:Kafka:DeadLetterTopic</c> with the
/// rejection reason and its origin in <c>lepton-*</c> headers. The dead-letter store already holds it durably, so a
/// failed copy is logged and counted, and never holds the partition up.
/// </summary>
public sealed class KafkaDeadLetterTopic(KafkaOptions options, KafkaProducerHost producers, ILogger<KafkaDeadLetterTopic> logger)
{
    public bool Enabled => !string.IsNullOrWhiteSpace(options.DeadLetterTopic);

    public async Task CopyAsync(ConsumeResult<byte[]?, byte[]?> original, string reason, CancellationToken ct)
    {
        if (!Enabled)
            return;
        var headers = new Headers();
        if (original.Message.Headers is not null)
        {
            foreach (var h in original.Message.Headers)
                headers.Add(h.Key, h.GetValueBytes());
        }
        headers.Add("lepton-dead-letter-reason", Encoding.UTF8.GetBytes(reason));
        headers.Add("lepton-source-topic", Encoding.UTF8.GetBytes(original.Topic));
        headers.Add("lepton-source-partition", Encoding.UTF8.GetBytes(original.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add("lepton-source-offset", Encoding.UTF8.GetBytes(original.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        try
        {
            await producers.Producer.ProduceAsync(options.DeadLetterTopic!,
                new Message<byte[]?, byte[]?> { Key = original.Message.Key, Value = original.Message.Value, Headers = headers }, ct);
        }
        catch (Exception e) when (e is KafkaException or OperationCanceledException)
        {
            KafkaTelemetry.DeadLetterTopicFailures.Add(1);
            logger.LogWarning(e, "Could not copy poison message {Topic}/{Partition}@{Offset} to {DeadLetterTopic}; it is kept in the dead-letter store",
                original.Topic, original.Partition.Value, original.Offset.Value, options.DeadLetterTopic);
        }
    }
}
