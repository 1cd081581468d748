namespace Lepton.Monitor.Storage;

/// <summary>What the SQLite and PostgreSQL event processor stores share: column lists, ordering and claim checks.</summary>
internal static class EventProcessorRows
{
    public const string OwnershipColumns = "namespace, event_hub, consumer_group, partition_id, owner_id, last_modified, version";

    public const string CheckpointColumns = "namespace, event_hub, consumer_group, partition_id, \"offset\", sequence_number, updated_at";

    /// <summary>
    /// Partition ids are numbers on Event Hubs ("0".."31"): ordered as numbers when they are, so "10" follows "9".
    /// SQL orders by (length, text), which is the same for unpadded numbers and stable for anything else.
    /// </summary>
    public const string PartitionOrder = "length(partition_id), partition_id";

    /// <summary>A fresh ETag for a successful claim.</summary>
    public static string NewVersion() => Guid.NewGuid().ToString("N");

    public static void Validate(PartitionOwnership claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ValidateKeys(claim.Namespace, claim.EventHub, claim.ConsumerGroup);
        ArgumentException.ThrowIfNullOrEmpty(claim.PartitionId, nameof(PartitionOwnership.PartitionId));
        // Empty is allowed: the SDK's processor gives its partitions up at stop by claiming them for owner "".
        ArgumentNullException.ThrowIfNull(claim.OwnerId, nameof(PartitionOwnership.OwnerId));
    }

    public static void Validate(PartitionCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ValidateKeys(checkpoint.Namespace, checkpoint.EventHub, checkpoint.ConsumerGroup);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.PartitionId, nameof(PartitionCheckpoint.PartitionId));
    }

    public static void ValidateKeys(string ns, string eventHub, string consumerGroup)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(eventHub);
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
    }
}
