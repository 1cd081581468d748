using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The ingest journal behind the 202 promise (PRODUCT.md §6): accepted records are durable before the answer,
/// duplicates of a (tenant, id) seen within the retention are recognised, and whatever was journaled but not
/// yet processed is read back after a crash.
/// </summary>
public interface IRecordJournal
{
    /// <summary>
    /// Journals the records not seen before and tells, per input position, the sequence number given
    /// (or that it was a duplicate — of an earlier append or of an earlier position in this list — or a conflict:
    /// its id is already journaled with different content, see <see cref="JournalAppendResult.Conflict"/>).
    /// The task completes only after the transaction holding them is committed and fsynced; many concurrent
    /// calls share one transaction (group commit). <paramref name="ct"/> only cancels waiting for queue space:
    /// once queued, the append goes through, so a retry sees duplicates rather than a gap.
    /// </summary>
    Task<JournalAppendResult> AppendAsync(IReadOnlyList<MonitoredRecord> records, CancellationToken ct = default);

    /// <summary>
    /// Marks sequence numbers as fully processed, in any order. The journal keeps a contiguous low watermark
    /// (every seq ≤ it is processed) and persists it in the next group commit; the task completes once it is
    /// durable, and drops the payloads it retires (recovery never needs them; the idempotency keys stay for
    /// <see cref="PurgeAsync"/>). Marks above a gap are held in memory until the gap closes, so after a crash those records are
    /// replayed: downstream steps must be idempotent per record id (the alert store is). Seqs at or below the
    /// watermark are ignored; a seq never handed out throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    Task MarkProcessedAsync(IReadOnlyList<long> seqs, CancellationToken ct = default);

    /// <summary>
    /// Records journaled up to the moment of the call and above the processed watermark, in sequence order:
    /// what to process again after a restart. Appends made after the call are not included.
    /// </summary>
    IAsyncEnumerable<JournaledRecord> ReadUnprocessedAsync(CancellationToken ct = default);

    /// <summary>
    /// Deletes the idempotency keys of processed records journaled more than <paramref name="retention"/> ago;
    /// such a (tenant, id) then counts as new again. Keys of unprocessed records are never purged. Runs in
    /// small transactions so ingest keeps flowing; call it periodically (e.g. hourly).
    /// </summary>
    Task<JournalPurgeResult> PurgeAsync(TimeSpan retention, CancellationToken ct = default);

    /// <summary>Every sequence number at or below this is processed and durable as such.</summary>
    long ProcessedWatermark { get; }

    /// <summary>Counters for metrics and tests (commits vs append calls shows group commit at work).</summary>
    JournalDiagnostics Diagnostics { get; }
}
