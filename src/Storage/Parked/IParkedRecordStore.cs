namespace Lepton.Monitor.Storage;

/// <summary>
/// Records that could not be processed, durable with their payload until a replay processes them (PRODUCT.md §6:
/// nothing accepted is ever dropped). Parking the same (monitor, record) again updates its reason, never duplicates it.
/// </summary>
public interface IParkedRecordStore
{
    /// <summary>Parks the records; the task completes once they are durable (then the journal may retire them).</summary>
    Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct = default);
}
