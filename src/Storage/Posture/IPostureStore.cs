namespace Lepton.Monitor.Storage;

/// <summary>
/// Posture inputs (JSON documents per tenant, kind and key) and the history of computed postures. The store does not
/// interpret the documents: the compliance library owns their shapes.
/// </summary>
public interface IPostureStore
{
    /// <summary>Creates or replaces a document and appends <paramref name="audit"/> in the same transaction.</summary>
    Task PutDocumentAsync(string tenant, string kind, string key, string document, AuditEvent audit, CancellationToken ct = default);

    Task<string?> GetDocumentAsync(string tenant, string kind, string key, CancellationToken ct = default);

    /// <summary>Every document of a kind for a tenant, by key.</summary>
    Task<IReadOnlyList<(string Key, string Document)>> ListDocumentsAsync(string tenant, string kind, CancellationToken ct = default);

    Task AppendSnapshotAsync(string tenant, string jurisdiction, DateTimeOffset at, string finalClass, string document, CancellationToken ct = default);

    /// <summary>A tenant's snapshots, newest first, optionally of one jurisdiction, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StoredPostureSnapshot>> ListSnapshotsAsync(string tenant, string? jurisdiction, int max, CancellationToken ct = default);
}
