namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>One event as a partition of the local broker holds it.</summary>
/// <param name="SequenceNumber">Position in the partition, from 0, without gaps.</param>
/// <param name="Offset">Byte-position-like offset, a decimal string that grows with every event.</param>
/// <param name="EnqueuedTime">When the broker appended it (UTC, never earlier than the event before it).</param>
/// <param name="PartitionKey">The partition key the producer sent, if any.</param>
/// <param name="Body">The event body (the Data sections concatenated).</param>
/// <param name="Properties">Application properties as decoded by Microsoft.Azure.Amqp.</param>
/// <param name="ContentType">The AMQP properties' content-type.</param>
public sealed record BrokerEvent(
    long SequenceNumber,
    string Offset,
    DateTimeOffset EnqueuedTime,
    string? PartitionKey,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, object?> Properties,
    string? ContentType);
