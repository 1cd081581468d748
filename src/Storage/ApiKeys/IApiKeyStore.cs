namespace Lepton.Monitor.Storage;

/// <summary>
/// API keys (PRODUCT.md §6): the secret is returned once at creation and only its SHA-256 is stored.
/// The embedded store serves lookups from memory (authentication runs on every request); the PostgreSQL store asks the
/// database each time (one indexed query), so a key deleted or rotated by one process stops working in every process at once.
/// </summary>
public interface IApiKeyStore
{
    /// <summary>
    /// Creates a key with a fresh secret <c>lk_</c> + base64url(32 random bytes). Role must be one of
    /// <see cref="ApiKeyRoles"/>; every role but admin needs a tenant (least privilege). Throws
    /// <see cref="ArgumentException"/> otherwise.
    /// </summary>
    Task<CreatedApiKey> CreateAsync(string role, string? tenant, string? name, CancellationToken ct = default);

    /// <summary>The key this secret belongs to, or null. Looks up by hash, so timing says nothing about the secret.</summary>
    Task<ApiKeyInfo?> FindBySecretAsync(string secret, CancellationToken ct = default);

    /// <summary>Keys scoped to <paramref name="tenant"/>, or every key when null; oldest first.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? tenant, CancellationToken ct = default);

    /// <summary>
    /// The keys among <paramref name="ids"/> that still exist, in no particular order: one lookup for a whole answer
    /// that names the people in it (a deleted key, or an OIDC subject, is simply absent).
    /// </summary>
    Task<IReadOnlyList<ApiKeyInfo>> FindByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default);

    /// <summary>Deletes a key; it stops authenticating at once. False when there was no such key.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>
    /// Makes <paramref name="secret"/> (from <c>LEPTON_ADMIN_KEY</c>) the secret of the one bootstrap admin key
    /// (<see cref="SqliteApiKeyStore.BootstrapKeyId"/>), creating it if needed. Idempotent; a changed secret
    /// replaces the old one, which stops working.
    /// </summary>
    Task<ApiKeyInfo> EnsureBootstrapAdminAsync(string secret, CancellationToken ct = default);
}
