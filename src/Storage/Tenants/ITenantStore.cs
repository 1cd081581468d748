namespace Lepton.Monitor.Storage;

/// <summary>Tenants and their per-tenant pseudonymization keys.</summary>
public interface ITenantStore
{
    /// <summary>
    /// Every tenant, from memory, replaced atomically on each upsert: for the hot ingest path. Where several processes
    /// share the store (PostgreSQL) another process's upsert reaches it shortly after its commit; reads that must be
    /// current use <see cref="GetAsync"/>.
    /// </summary>
    IReadOnlyDictionary<string, TenantInfo> Snapshot { get; }

    /// <summary>
    /// Creates or replaces a tenant. The id must match <c>[a-z0-9-]{1,64}</c>; jurisdictions are upper-cased
    /// and de-duplicated. An existing tenant keeps its original CreatedAt. Returns the stored tenant.
    /// </summary>
    Task<TenantInfo> UpsertAsync(TenantInfo tenant, CancellationToken ct = default);

    Task<TenantInfo?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>By id ascending, cursor-paged.</summary>
    Task<Page<TenantInfo>> ListAsync(int pageSize, string? cursor, CancellationToken ct = default);

    /// <summary>
    /// The tenant's 32-byte HMAC key for pseudonymizing PII, generated at random on first use and stored; the same
    /// bytes forever after, across restarts. Never expose it through an API. Returns a copy.
    /// </summary>
    Task<byte[]> GetOrCreatePseudonymKeyAsync(string tenant, CancellationToken ct = default);
}
