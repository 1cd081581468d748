using System.Runtime.InteropServices;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// Turns what a producer transfers into events (a batch, message format 0x80013700, carries one encoded message per
/// Data section; a single event comes as a plain message) and turns stored events into the messages a consumer gets,
/// annotated with x-opt-sequence-number, x-opt-offset, x-opt-enqueued-time and x-opt-partition-key.
/// </summary>
internal static class EventMessageCodec
{
    public const uint BatchMessageFormat = 0x80013700;

    static readonly MapKey SequenceNumberKey = new(new AmqpSymbol("x-opt-sequence-number"));
    static readonly MapKey OffsetKey = new(new AmqpSymbol("x-opt-offset"));
    static readonly MapKey EnqueuedTimeKey = new(new AmqpSymbol("x-opt-enqueued-time"));
    static readonly MapKey PartitionKeyKey = new(new AmqpSymbol("x-opt-partition-key"));
    static readonly MapKey LastSequenceNumberKey = new(new AmqpSymbol("last_enqueued_sequence_number"));
    static readonly MapKey LastOffsetKey = new(new AmqpSymbol("last_enqueued_offset"));
    static readonly MapKey LastEnqueuedTimeKey = new(new AmqpSymbol("last_enqueued_time_utc"));
    static readonly MapKey RetrievalTimeKey = new(new AmqpSymbol("runtime_info_retrieval_time_utc"));

    /// <summary>The partition key the envelope names (x-opt-partition-key), if any.</summary>
    public static string? PartitionKeyOf(AmqpMessage message) =>
        message.Sections.HasFlag(SectionFlag.MessageAnnotations)
        && message.MessageAnnotations.Map.TryGetValue(PartitionKeyKey, out object? key)
            ? key as string
            : null;

    public static List<IncomingEvent> Decode(AmqpMessage transfer)
    {
        var envelopeKey = PartitionKeyOf(transfer);
        var events = new List<IncomingEvent>();
        if (transfer.MessageFormat == BatchMessageFormat)
        {
            foreach (var data in transfer.DataBody)
            {
                using var inner = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(Copy(data))]));
                events.Add(ToIncoming(inner, envelopeKey));
            }
        }
        else
        {
            events.Add(ToIncoming(transfer, envelopeKey));
        }

        return events;
    }

    public static AmqpMessage ToDelivery(StoredEvent stored, PartitionState? lastEnqueued)
    {
        var e = stored.Event;
        var body = MemoryMarshal.TryGetArray(e.Body, out var segment) ? segment : new ArraySegment<byte>(e.Body.ToArray());
        var message = AmqpMessage.Create(new Data { Value = body });
        if (stored.AmqpProperties is not null)
        {
            CopyInto(stored.AmqpProperties, message.Properties);
        }

        if (stored.RawApplicationProperties.Count > 0)
        {
            var map = message.ApplicationProperties.Map;
            foreach (var (key, value) in stored.RawApplicationProperties)
            {
                map[key] = value;
            }
        }

        var annotations = message.MessageAnnotations.Map;
        foreach (var (key, value) in stored.ProducerAnnotations)
        {
            annotations[key] = value;
        }

        annotations[SequenceNumberKey] = e.SequenceNumber;
        annotations[OffsetKey] = e.Offset;
        annotations[EnqueuedTimeKey] = e.EnqueuedTime.UtcDateTime;
        if (e.PartitionKey is not null)
        {
            annotations[PartitionKeyKey] = e.PartitionKey;
        }

        if (lastEnqueued is not null)
        {
            var runtime = message.DeliveryAnnotations.Map;
            runtime[LastSequenceNumberKey] = lastEnqueued.LastSequenceNumber;
            runtime[LastOffsetKey] = lastEnqueued.LastOffset;
            runtime[LastEnqueuedTimeKey] = lastEnqueued.LastEnqueuedTimeUtc;
            runtime[RetrievalTimeKey] = DateTime.UtcNow;
        }

        return message;
    }

    static IncomingEvent ToIncoming(AmqpMessage message, string? envelopeKey)
    {
        var sections = message.Sections;
        byte[] body;
        if (sections.HasFlag(SectionFlag.Data))
        {
            using var buffer = new MemoryStream();
            foreach (var data in message.DataBody)
            {
                var bytes = Copy(data);
                buffer.Write(bytes, 0, bytes.Length);
            }

            body = buffer.ToArray();
        }
        else if (sections.HasFlag(SectionFlag.AmqpValue) || sections.HasFlag(SectionFlag.AmqpSequence))
        {
            throw new AmqpException(AmqpErrorCode.NotImplemented, "The local broker stores Data bodies only.");
        }
        else
        {
            body = [];
        }

        var applicationProperties = new List<KeyValuePair<string, object?>>();
        if (sections.HasFlag(SectionFlag.ApplicationProperties))
        {
            foreach (var (key, value) in message.ApplicationProperties.Map)
            {
                applicationProperties.Add(new(key.Key.ToString()!, Detach(value)));
            }
        }

        string? partitionKey = envelopeKey;
        var annotations = new List<KeyValuePair<MapKey, object?>>();
        if (sections.HasFlag(SectionFlag.MessageAnnotations))
        {
            foreach (var (key, value) in message.MessageAnnotations.Map)
            {
                var name = key.Key.ToString();
                if (name == "x-opt-partition-key")
                {
                    partitionKey = value as string ?? partitionKey;
                }
                else if (name is null || !name.StartsWith("x-opt-", StringComparison.Ordinal))
                {
                    annotations.Add(new(key, Detach(value)));
                }
            }
        }

        var properties = sections.HasFlag(SectionFlag.Properties) ? CopyOf(message.Properties) : null;
        return new IncomingEvent(body, partitionKey, properties, applicationProperties, annotations);
    }

    // Decoded binary values point into the transfer's buffer, which is released after the delivery is settled.
    static object? Detach(object? value) => value switch
    {
        ArraySegment<byte> bytes => new ArraySegment<byte>(Copy(bytes)),
        _ => value,
    };

    static byte[] Copy(Data data) => data.Value switch
    {
        ArraySegment<byte> segment => Copy(segment),
        byte[] array => (byte[])array.Clone(),
        null => [],
        var other => throw new AmqpException(AmqpErrorCode.DecodeError, $"Unexpected Data section value {other.GetType().Name}."),
    };

    static byte[] Copy(ArraySegment<byte> segment) => segment.AsSpan().ToArray();

    static Properties CopyOf(Properties p) => CopyInto(p, new Properties());

    static Properties CopyInto(Properties p, Properties to)
    {
        to.MessageId = p.MessageId;
        to.UserId = p.UserId.Array is null ? p.UserId : new ArraySegment<byte>(Copy(p.UserId));
        to.To = p.To;
        to.Subject = p.Subject;
        to.ReplyTo = p.ReplyTo;
        to.CorrelationId = p.CorrelationId;
        to.ContentType = p.ContentType;
        to.ContentEncoding = p.ContentEncoding;
        to.AbsoluteExpiryTime = p.AbsoluteExpiryTime;
        to.CreationTime = p.CreationTime;
        to.GroupId = p.GroupId;
        to.GroupSequence = p.GroupSequence;
        to.ReplyToGroupId = p.ReplyToGroupId;
        return to;
    }
}
