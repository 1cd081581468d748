namespace Lepton.Monitor.Storage;

/// <summary>
/// Partition ownership and checkpoints of the native Event Hubs consumer, kept beside the product's own data (SQLite
/// in the all-in-one, PostgreSQL in a cluster) instead of a Blob container: operators can read them, and they are
/// backed up with everything else. Keys are (namespace, event hub, consumer group, partition).
/// </summary>
public interface IEventProcessorStore
{
    /// <summary>Every ownership row of the hub's consumer group (held or expired), in partition order.</summary>
    Task<IReadOnlyList<PartitionOwnership>> ListOwnershipAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default);

    /// <summary>
    /// Tries each claim with optimistic concurrency: it succeeds when the stored row's version equals the claim's
    /// <see cref="PartitionOwnership.Version"/> (or, for a null version, when no row exists yet). Returns the claims
    /// that succeeded, each with its new version and the store's time as <see cref="PartitionOwnership.LastModified"/>;
    /// a lost race is simply absent from the result.
    /// </summary>
    Task<IReadOnlyList<PartitionOwnership>> ClaimOwnershipAsync(IReadOnlyList<PartitionOwnership> claims, CancellationToken ct = default);

    /// <summary>The partition's checkpoint, or null when none was written (the processor then starts at its default position).</summary>
    Task<PartitionCheckpoint?> GetCheckpointAsync(string ns, string eventHub, string consumerGroup, string partitionId, CancellationToken ct = default);

    /// <summary>Every checkpoint of the hub's consumer group, in partition order (operators, lag, tests).</summary>
    Task<IReadOnlyList<PartitionCheckpoint>> ListCheckpointsAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default);

    /// <summary>
    /// Writes the checkpoint; never moves it back: a write whose sequence number is not above the stored one is
    /// ignored (a slow former owner finishing a batch after a takeover cannot rewind the new owner). Returns whether
    /// it was written.
    /// </summary>
    Task<bool> UpdateCheckpointAsync(PartitionCheckpoint checkpoint, CancellationToken ct = default);
}
