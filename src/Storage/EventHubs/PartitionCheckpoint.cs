namespace Lepton.Monitor.Storage;

/// <summary>
/// Where one partition's processing resumes for one consumer group: the last event whose batch (and every earlier
/// batch of the partition) the grains acknowledged. Offsets are strings in the Event Hubs SDK 5.12 (the numeric
/// offset is obsolete); the sequence number is kept beside it for lag and for operators reading the table.
/// </summary>
public sealed record PartitionCheckpoint(
    string Namespace,
    string EventHub,
    string ConsumerGroup,
    string PartitionId,
    string? Offset,
    long SequenceNumber,
    DateTimeOffset UpdatedAt);
