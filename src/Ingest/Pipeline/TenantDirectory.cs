using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest;

/// <summary>The hot path's view of tenants: an in-memory snapshot of the tenant store, checked per record.</summary>
public sealed class TenantDirectory(ITenantStore store)
{
    public TenantInfo? Find(string tenant) => store.Snapshot.GetValueOrDefault(tenant);

    /// <summary>Null when the record may be ingested for this tenant, else the rejection reason naming the field.</summary>
    public string? CheckTenant(string? tenant, string? scopeTenant)
    {
        if (tenant is null)
            return "tenant: required";
        if (scopeTenant is not null && !string.Equals(tenant, scopeTenant, StringComparison.Ordinal))
            return $"tenant: this API key is scoped to tenant '{scopeTenant}'";
        return store.Snapshot.ContainsKey(tenant) ? null : $"tenant: unknown tenant '{tenant}'";
    }
}
