using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>Durable alerts with dedup by fingerprint (PRODUCT.md §5) and the queries of §6.</summary>
public interface IAlertStore
{
    /// <summary>
    /// Applies candidates in one transaction. A candidate whose (tenant, fingerprint) has an open or acknowledged
    /// alert joins it: count + 1, lastSeen = max, firstSeen = min, severity = max, its record id appended
    /// (the stored list is capped at <see cref="SqliteAlertStore.MaxStoredRecordIds"/>). Otherwise it opens a new alert.
    /// Idempotent per record: a candidate whose record id is already in an alert with the same tenant and
    /// fingerprint (open or not) changes nothing, so a record replayed after a crash never counts twice.
    /// </summary>
    Task<AlertUpsertResult> UpsertAsync(IReadOnlyList<AlertCandidate> candidates, CancellationToken ct = default);

    Task<Alert?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Filtered, newest first, cursor-paged. Throws <see cref="ArgumentException"/> on a bad page size or cursor.</summary>
    Task<Page<Alert>> QueryAsync(AlertQuery query, CancellationToken ct = default);

    /// <summary>
    /// Triage: reads the alert inside the write transaction, applies <paramref name="change"/> and stores its
    /// status, disposition, assignee and comments (the only fields triage may change; changing another throws
    /// <see cref="ArgumentException"/>). Returns the stored alert, or null when there is no such id. Reopening
    /// while another alert with the fingerprint is open throws <see cref="InvalidOperationException"/>.
    /// </summary>
    Task<Alert?> UpdateAsync(string id, Func<Alert, Alert> change, CancellationToken ct = default);
}
