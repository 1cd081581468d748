using System.Collections.Concurrent;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Groups records by the monitor grain of every (tenant, jurisdiction) they touch, restricted to the tenant's
/// enabled jurisdictions. One record may land in several groups (fan-out); a record no enabled jurisdiction
/// concerns lands in none: it is counted (<c>lepton.ingest.unrouted</c>) and logged once per (tenant, jurisdiction),
/// never dropped silently. A tenant with <see cref="TenantSettings.Shards"/> above one spreads each (tenant, jurisdiction)
/// over that many monitor grains, an entity always to the same one (<see cref="EntityShard"/>), so its windows stay whole;
/// the count is read from the tenant snapshot per batch, so a change applies from the next batch.
/// </summary>
public sealed class RecordRouter(TenantDirectory tenants, JurisdictionCatalog catalog, ILogger<RecordRouter>? logger = null)
{
    // Bounded: the keys come from client data, so an unbounded set would be a memory leak an attacker can drive.
    private const int MaxLoggedKeys = 10_000;
    private readonly ConcurrentDictionary<(string Tenant, string Jurisdiction), byte> _logged = new();
    private readonly ILogger _logger = logger ?? NullLogger<RecordRouter>.Instance;

    // Most keys a thread's reused groups keep between rounds; past it they are dropped (tenants come and go).
    private const int MaxReusedGroups = 256;

    // The per-round grouping lists, reused by the thread that routes (Route never awaits): a round of 5,000 records
    // otherwise allocates a list sized for the whole round per (tenant, jurisdiction), ~40 B per record, only to copy it.
    [ThreadStatic]
    private static Dictionary<(string Tenant, string Jurisdiction, int Shard), List<MonitoredRecord>>? t_groups;

    public Dictionary<string, MonitoredRecord[]> Route(IReadOnlyList<MonitoredRecord> records)
    {
        // Grouped by the (tenant, jurisdiction, shard) triple, not the grain key string: the key is built once per group,
        // not concatenated (and allocated) once per record and jurisdiction on the dispatch hot path.
        var groups = t_groups ??= [];
        try
        {
            return Route(records, groups);
        }
        finally
        {
            // Emptied even when routing failed: a reused list must neither hold records alive nor carry them into a later round.
            foreach (var list in groups.Values)
                list.Clear();
            if (groups.Count > MaxReusedGroups)
                groups.Clear();
        }
    }

    private Dictionary<string, MonitoredRecord[]> Route(IReadOnlyList<MonitoredRecord> records, Dictionary<(string Tenant, string Jurisdiction, int Shard), List<MonitoredRecord>> groups)
    {
        TenantInfo? tenant = null;
        var shards = 1;
        foreach (var record in records)
        {
            // Batches are mostly one tenant: skip the directory lookup while it stays the same.
            if (tenant is null || !string.Equals(tenant.Id, record.Tenant, StringComparison.Ordinal))
            {
                tenant = tenants.Find(record.Tenant);
                shards = Math.Clamp(tenant?.Settings?.Shards ?? 1, MonitorKey.MinShards, MonitorKey.MaxShards);
            }
            if (tenant is null)
            {
                Unrouted(record, null);
                continue;
            }
            var jurisdictions = JurisdictionResolver.Resolve(record, tenant.Jurisdictions, catalog.Jurisdictions);
            if (jurisdictions.Length == 0)
            {
                Unrouted(record, tenant);
                continue;
            }
            var shard = shards > 1 ? EntityShard.Of(record.Entity, shards) : 0;
            foreach (var jurisdiction in jurisdictions)
            {
                if (!groups.TryGetValue((record.Tenant, jurisdiction, shard), out var list))
                    groups[(record.Tenant, jurisdiction, shard)] = list = new List<MonitoredRecord>(shards == 1 ? records.Count : records.Count / shards * 5 / 4 + 8);
                list.Add(record);
            }
        }
        var result = new Dictionary<string, MonitoredRecord[]>(groups.Count, StringComparer.Ordinal);
        foreach (var (key, list) in groups)
        {
            if (list.Count > 0) // a reused group this round did not reach
                result[MonitorKey.For(key.Tenant, key.Jurisdiction, key.Shard)] = list.ToArray();
        }
        return result;
    }

    private void Unrouted(MonitoredRecord record, TenantInfo? tenant)
    {
        IngestTelemetry.Unrouted.Add(1, new KeyValuePair<string, object?>("tenant", record.Tenant));
        // The jurisdiction the record names first (mapped to its pack), i.e. the one the tenant has not enabled.
        var jurisdiction = JurisdictionResolver.MapCode(record.Originator?.Country, catalog.Jurisdictions)
            ?? JurisdictionResolver.MapCode(record.Beneficiary?.Country, catalog.Jurisdictions)
            ?? JurisdictionResolver.MapCode(record.DataSubjectRegion, catalog.Jurisdictions)
            ?? (record.Jurisdictions is [var first, ..] ? JurisdictionResolver.MapCode(first, catalog.Jurisdictions) : null)
            ?? "none";
        if (_logged.Count >= MaxLoggedKeys || !_logged.TryAdd((record.Tenant, jurisdiction), 0))
            return;
        if (tenant is null)
            _logger.LogWarning("Records of tenant {Tenant} are not monitored: the tenant is unknown to the router (first: {RecordId}); counted in lepton.ingest.unrouted",
                record.Tenant, record.Id);
        else
            _logger.LogWarning("Records of tenant {Tenant} for jurisdiction {Jurisdiction} match none of its enabled jurisdictions ({Enabled}) and are not monitored " +
                "(first: {RecordId}); counted in lepton.ingest.unrouted", record.Tenant, jurisdiction, string.Join(",", tenant.Jurisdictions), record.Id);
    }
}
