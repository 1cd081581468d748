using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Groups records by the monitor grain of every (tenant, jurisdiction) they touch, restricted to the tenant's
/// enabled jurisdictions. One record may land in several groups (fan-out); a record no enabled jurisdiction
/// concerns lands in none.
/// </summary>
public sealed class RecordRouter(TenantDirectory tenants, JurisdictionCatalog catalog)
{
    public Dictionary<string, MonitoredRecord[]> Route(IReadOnlyList<MonitoredRecord> records)
    {
        // Grouped by the (tenant, jurisdiction) pair, not the grain key string: the key is built once per group,
        // not concatenated (and allocated) once per record and jurisdiction on the dispatch hot path.
        var groups = new Dictionary<(string Tenant, string Jurisdiction), List<MonitoredRecord>>();
        TenantInfo? tenant = null;
        foreach (var record in records)
        {
            // Batches are mostly one tenant: skip the directory lookup while it stays the same.
            if (tenant is null || !string.Equals(tenant.Id, record.Tenant, StringComparison.Ordinal))
                tenant = tenants.Find(record.Tenant);
            if (tenant is null)
                continue;
            foreach (var jurisdiction in JurisdictionResolver.Resolve(record, tenant.Jurisdictions, catalog.Jurisdictions))
            {
                if (!groups.TryGetValue((record.Tenant, jurisdiction), out var list))
                    groups[(record.Tenant, jurisdiction)] = list = new List<MonitoredRecord>(records.Count);
                list.Add(record);
            }
        }
        var result = new Dictionary<string, MonitoredRecord[]>(groups.Count, StringComparer.Ordinal);
        foreach (var (key, list) in groups)
            result[MonitorKey.For(key.Tenant, key.Jurisdiction)] = list.ToArray();
        return result;
    }
}
