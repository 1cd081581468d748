namespace Lepton.Monitor.Storage;

/// <summary>
/// Who processes one partition of an event hub for one consumer group, as the Event Hubs load balancer keeps it.
/// <see cref="Version"/> is an ETag: a claim succeeds only when it carries the version last read (null: a first
/// claim of a partition nobody held), and each successful claim gets a new one. <see cref="LastModified"/> is the
/// store's clock at the claim; an ownership older than the processor's expiry is free to be taken.
/// </summary>
public sealed record PartitionOwnership(
    string Namespace,
    string EventHub,
    string ConsumerGroup,
    string PartitionId,
    string OwnerId,
    DateTimeOffset LastModified,
    string? Version);
