namespace Lepton.Monitor.Storage;

/// <summary>
/// Durable report drafts (table <c>report_drafts</c>). Every write stores its audit entry in the same transaction, so
/// a draft's history in the hash-chained audit log is exactly its stored changes.
/// </summary>
public interface IReportDraftStore
{
    /// <summary>Id prefix of report drafts: <c>rpt-</c> + a <see cref="SortableId"/> (newest-first lists page by id).</summary>
    const string IdPrefix = "rpt-";

    /// <summary>Stores a new draft (its version must be 1) with its audit entry.</summary>
    Task InsertAsync(StoredReportDraft draft, AuditEvent audit, CancellationToken ct = default);

    Task<StoredReportDraft?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>
    /// Replaces the draft when its stored version is <paramref name="expectedVersion"/> (the new row carries
    /// expectedVersion + 1), with its audit entry; false, and nothing written, when the version moved on or the id is unknown.
    /// </summary>
    Task<bool> ReplaceAsync(StoredReportDraft draft, long expectedVersion, AuditEvent audit, CancellationToken ct = default);

    /// <summary>Newest first, cursor-paged. Throws <see cref="ArgumentException"/> on a bad page size or cursor.</summary>
    Task<Page<StoredReportDraft>> ListAsync(ReportDraftQuery query, CancellationToken ct = default);
}
