using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>One event decoded from a producer's transfer, before the partition assigns its position.</summary>
internal sealed record IncomingEvent(
    byte[] Body,
    string? PartitionKey,
    Properties? AmqpProperties,
    IReadOnlyList<KeyValuePair<string, object?>> ApplicationProperties,
    IReadOnlyList<KeyValuePair<MapKey, object?>> ProducerAnnotations);
