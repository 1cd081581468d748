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
    /// Applies one lifecycle change in its own transaction (see <see cref="ChangeManyAsync"/>).
    /// </summary>
    Task<AlertChangeResult> ChangeAsync(AlertChangeRequest request, CancellationToken ct = default);

    /// <summary>
    /// Applies lifecycle changes in one transaction, each answered on its own: for each, reads the alert, answers
    /// <see cref="AlertChangeOutcome.Conflict"/> when its version is not the expected one, lets the change refuse
    /// (<see cref="AlertActionException"/>), and otherwise stores it with version + 1 and updatedAt = now, its audit
    /// entry (before/after), its change-feed event and, when alerts are published, its alert-topic message.
    /// A change may touch only the lifecycle fields (status, disposition, assignee, comments, severity, snoozedUntil,
    /// pendingResolution, silencedBy, escalatedBy); making a resolved alert active while another alert with its
    /// fingerprint is active is refused (<see cref="AlertRefusal.Conflict"/>).
    /// </summary>
    Task<IReadOnlyList<AlertChangeResult>> ChangeManyAsync(IReadOnlyList<AlertChangeRequest> requests, CancellationToken ct = default);

    /// <summary>
    /// A system change without a version check (auto-resolution): returns the stored alert, or null when there is no
    /// such id. A refused change throws (<see cref="InvalidOperationException"/> for a conflict, else <see cref="ArgumentException"/>).
    /// </summary>
    Task<Alert?> UpdateAsync(string id, Func<Alert, Alert> change, CancellationToken ct = default);
}
