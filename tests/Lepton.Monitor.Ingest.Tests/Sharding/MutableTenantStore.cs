using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest.Tests.Sharding;

/// <summary>Tenants from memory whose entries a test can replace, as a POST /v1/tenants would (the snapshot swaps).</summary>
internal sealed class MutableTenantStore : ITenantStore
{
    private volatile Dictionary<string, TenantInfo> _tenants = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TenantInfo> Snapshot => _tenants;

    public static TenantInfo Tenant(string id, int shards, params string[] jurisdictions) =>
        new(id, id, jurisdictions, null, DateTimeOffset.UnixEpoch) { Settings = new TenantSettings(Shards: shards) };

    public Task<TenantInfo> UpsertAsync(TenantInfo tenant, CancellationToken ct = default)
    {
        _tenants = new Dictionary<string, TenantInfo>(_tenants, StringComparer.Ordinal) { [tenant.Id] = tenant };
        return Task.FromResult(tenant);
    }

    public Task<TenantInfo?> GetAsync(string id, CancellationToken ct = default) => Task.FromResult(_tenants.GetValueOrDefault(id));

    public Task<Page<TenantInfo>> ListAsync(int pageSize, string? cursor, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<byte[]> GetOrCreatePseudonymKeyAsync(string tenant, CancellationToken ct = default) => Task.FromResult(new byte[32]);
}
