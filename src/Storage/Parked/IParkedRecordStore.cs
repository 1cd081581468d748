namespace Lepton.Monitor.Storage;

/// <summary>
/// Records that could not be processed, durable with their payload until a replay processes them (PRODUCT.md §6:
/// nothing accepted is ever dropped). Parking the same (monitor, record) again updates its reason, never duplicates it.
/// </summary>
public interface IParkedRecordStore
{
    /// <summary>Parks the records; the task completes once they are durable (then the journal may retire them).</summary>
    Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct = default);

    /// <summary>
    /// Newest first, cursor-paged, without payloads. Throws <see cref="ArgumentException"/> on a bad page size or cursor.
    /// </summary>
    Task<Page<ParkedEntry>> ListAsync(ParkedRecordFilter filter, int pageSize, string? cursor, CancellationToken ct = default);

    /// <summary>How many records are parked, and how many of them are retried automatically.</summary>
    Task<ParkedCounts> CountAsync(CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="max"/> retryable records whose next attempt is due, oldest due first, with payloads. A store
    /// several processes share (PostgreSQL) claims them for a lease, so no other process takes them meanwhile.
    /// </summary>
    Task<IReadOnlyList<ParkedReplay>> TakeDueAsync(int max, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="max"/> records matching <paramref name="filter"/> whatever their retryability or next attempt
    /// time (an operator's replay), oldest first, with payloads.
    /// </summary>
    Task<IReadOnlyList<ParkedReplay>> TakeMatchingAsync(ParkedRecordFilter filter, int max, CancellationToken ct = default);

    /// <summary>
    /// Removes records a replay processed. A record parked again since it was taken (its attempts moved on) stays:
    /// that newer failure still has to be retried.
    /// </summary>
    Task CompleteAsync(IReadOnlyList<ParkedReplay> replayed, CancellationToken ct = default);

    /// <summary>Counts a failed replay: attempts + 1, the error kept, the next attempt pushed back (exponential, jittered).</summary>
    Task RescheduleAsync(IReadOnlyList<ParkedFailure> failures, CancellationToken ct = default);
}
