namespace Lepton.Monitor.Contracts;

/// <summary>Builds and parses the <c>tenant/jurisdiction</c> key of a <see cref="IJurisdictionMonitorGrain"/>.</summary>
public static class MonitorKey
{
    public static string For(string tenant, string jurisdiction) => string.Concat(tenant, "/", jurisdiction);

    public static (string Tenant, string Jurisdiction) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1)
            throw new ArgumentException($"monitor key '{key}' is not 'tenant/jurisdiction'", nameof(key));
        var rest = key.AsSpan(slash + 1);
        var second = rest.IndexOf('/');
        return (key[..slash], second < 0 ? rest.ToString() : rest[..second].ToString());
    }
}
