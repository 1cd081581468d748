namespace Lepton.Monitor.Storage;

/// <summary>Append-only, hash-chained record of every change (PRODUCT.md §5): tenants, overrides, models, alert actions.</summary>
public interface IAuditLog
{
    /// <summary>Appends durably (committed before the task completes) and returns the stored entry.</summary>
    Task<AuditEntry> AppendAsync(AuditEvent entry, CancellationToken ct = default);

    /// <summary>Entries in sequence order, optionally only one tenant's (global entries have no tenant).</summary>
    Task<Page<AuditEntry>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default);

    /// <summary>One target's entries (e.g. an alert id: its history), oldest first; only <paramref name="tenant"/>'s when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ListForTargetAsync(string target, string? tenant, int max, CancellationToken ct = default);

    /// <summary>Recomputes the whole chain.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken ct = default);

    /// <summary>
    /// Recomputes the whole chain but answers for one tenant only: its entry count, its last entry's hash, and on a
    /// break only whether (and from which of its own entries) its entries are affected; never other tenants' counts or seqs.
    /// </summary>
    Task<AuditVerification> VerifyForTenantAsync(string tenant, CancellationToken ct = default);
}
