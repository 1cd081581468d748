using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Tenants from memory; <see cref="FailSnapshots"/> makes the next reads of the snapshot throw (a store error).</summary>
internal sealed class TestTenantStore(params TenantInfo[] tenants) : ITenantStore
{
    private readonly Dictionary<string, TenantInfo> _tenants = tenants.ToDictionary(t => t.Id, StringComparer.Ordinal);
    private int _failSnapshots;

    /// <summary>Called with the failure count each time a read fails (1 for the first).</summary>
    public Action<int>? OnFailure { get; set; }

    public int FailSnapshots
    {
        get => Volatile.Read(ref _failSnapshots);
        set => Volatile.Write(ref _failSnapshots, value);
    }

    private int _failures;

    public IReadOnlyDictionary<string, TenantInfo> Snapshot
    {
        get
        {
            if (Interlocked.Decrement(ref _failSnapshots) >= 0)
            {
                OnFailure?.Invoke(Interlocked.Increment(ref _failures));
                throw new InvalidOperationException("tenant store: disk I/O error (injected)");
            }
            Interlocked.Exchange(ref _failSnapshots, 0);
            return _tenants;
        }
    }

    public static TenantInfo Tenant(string id, params string[] jurisdictions) => new(id, id, jurisdictions, null, DateTimeOffset.UnixEpoch);

    public Task<TenantInfo> UpsertAsync(TenantInfo tenant, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<TenantInfo?> GetAsync(string id, CancellationToken ct = default) => Task.FromResult(_tenants.GetValueOrDefault(id));

    public Task<Page<TenantInfo>> ListAsync(int pageSize, string? cursor, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<byte[]> GetOrCreatePseudonymKeyAsync(string tenant, CancellationToken ct = default) => Task.FromResult(new byte[32]);
}
