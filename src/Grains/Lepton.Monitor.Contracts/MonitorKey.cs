namespace Lepton.Monitor.Contracts;

/// <summary>
/// Builds and parses the <c>tenant/jurisdiction[/shard]</c> key of a <see cref="IJurisdictionMonitorGrain"/>. Shard 0
/// keeps the unsharded key <c>tenant/jurisdiction</c>, so the state a monitor persisted before shards existed is the
/// state of shard 0, and a tenant with one shard (the default) has exactly the grains it always had.
/// </summary>
public static class MonitorKey
{
    /// <summary>Bounds of a tenant's shard count (<c>settings.shards</c>).</summary>
    public const int MinShards = 1, MaxShards = 64;

    public static string For(string tenant, string jurisdiction) => string.Concat(tenant, "/", jurisdiction);

    /// <summary>The key of one shard of a (tenant, jurisdiction); shard 0 is <see cref="For(string, string)"/>.</summary>
    public static string For(string tenant, string jurisdiction, int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, MaxShards);
        return shard == 0 ? For(tenant, jurisdiction) : string.Concat(tenant, "/", jurisdiction, "/", ShardNames[shard]);
    }

    public static (string Tenant, string Jurisdiction) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1)
            throw new ArgumentException($"monitor key '{key}' is not 'tenant/jurisdiction'", nameof(key));
        var rest = key.AsSpan(slash + 1);
        var second = rest.IndexOf('/');
        return (key[..slash], second < 0 ? rest.ToString() : rest[..second].ToString());
    }

    /// <summary>The shard a key names: 0 for <c>tenant/jurisdiction</c>, else the third segment.</summary>
    public static int ShardOf(string key)
    {
        Parse(key);
        var last = key.LastIndexOf('/');
        var first = key.IndexOf('/');
        if (last == first)
            return 0;
        return int.TryParse(key.AsSpan(last + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shard)
            && shard is >= 0 and < MaxShards
            ? shard
            : throw new ArgumentException($"monitor key '{key}' has no shard number 0–{MaxShards - 1} after its jurisdiction", nameof(key));
    }

    // The shard names, built once: a key per shard group must not format a number each batch.
    private static readonly string[] ShardNames = [.. Enumerable.Range(0, MaxShards).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
