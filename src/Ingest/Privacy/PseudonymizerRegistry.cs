using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// One <see cref="Pseudonymizer"/> per tenant, created on first use and kept (its HMAC states and cache are the point).
/// Keys come from a callback (a key store) or are derived from one master secret with HKDF, so operators manage
/// one secret and tenants still get unrelated tokens.
/// </summary>
public sealed class PseudonymizerRegistry : IDisposable
{
    private readonly Func<string, byte[]> _keyForTenant;
    private readonly int _cacheCapacity;
    private readonly ConcurrentDictionary<string, Lazy<Pseudonymizer>> _byTenant = new(StringComparer.Ordinal);

    public PseudonymizerRegistry(Func<string, byte[]> keyForTenant, int cacheCapacityPerTenant = Pseudonymizer.DefaultCacheCapacity)
    {
        _keyForTenant = keyForTenant ?? throw new ArgumentNullException(nameof(keyForTenant));
        _cacheCapacity = cacheCapacityPerTenant;
    }

    /// <summary>A registry whose tenant keys are HKDF-derived from <paramref name="masterKey"/> (copied).</summary>
    public static PseudonymizerRegistry FromMasterKey(byte[] masterKey, int cacheCapacityPerTenant = Pseudonymizer.DefaultCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length < Pseudonymizer.MinKeyBytes)
            throw new ArgumentException($"the master key needs at least {Pseudonymizer.MinKeyBytes} bytes", nameof(masterKey));
        var master = (byte[])masterKey.Clone();
        return new PseudonymizerRegistry(tenant => DeriveTenantKey(master, tenant), cacheCapacityPerTenant);
    }

    /// <summary>HKDF-SHA256(master, info = "lepton-monitor/pseudonym/v1/" + tenant) → 32 bytes.</summary>
    public static byte[] DeriveTenantKey(ReadOnlySpan<byte> masterKey, string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, key, salt: [], info: Encoding.UTF8.GetBytes("lepton-monitor/pseudonym/v1/" + tenant));
        return key;
    }

    /// <summary>The tenant's pseudonymizer (created once, even under concurrent first calls).</summary>
    public Pseudonymizer For(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        // Looked up first: the factory below captures this registry, so GetOrAdd alone allocates a delegate per call.
        if (_byTenant.TryGetValue(tenant, out var known))
            return known.Value;
        return _byTenant.GetOrAdd(tenant, t => new Lazy<Pseudonymizer>(
            () => new Pseudonymizer(_keyForTenant(t), t, _cacheCapacity), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    public void Dispose()
    {
        foreach (var entry in _byTenant.Values)
        {
            if (entry.IsValueCreated)
                entry.Value.Dispose();
        }
        _byTenant.Clear();
    }
}
