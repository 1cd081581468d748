using Lepton.Monitor.Contracts;

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
        var groups = new Dictionary<string, List<MonitoredRecord>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var tenant = tenants.Find(record.Tenant);
            if (tenant is null)
                continue;
            foreach (var jurisdiction in JurisdictionResolver.Resolve(record, tenant.Jurisdictions, catalog.Jurisdictions))
            {
                var key = MonitorKey.For(record.Tenant, jurisdiction);
                if (!groups.TryGetValue(key, out var list))
                    groups[key] = list = new List<MonitoredRecord>(records.Count);
                list.Add(record);
            }
        }
        var result = new Dictionary<string, MonitoredRecord[]>(groups.Count, StringComparer.Ordinal);
        foreach (var (key, list) in groups)
            result[key] = list.ToArray();
        return result;
    }
}
