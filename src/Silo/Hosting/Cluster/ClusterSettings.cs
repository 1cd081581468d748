using System.Net;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;
using Npgsql;

namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>
/// Where this process sits in a cluster, read once at start: the store (<c>Lepton:Store</c>), the PostgreSQL connection
/// string shared by membership, grain state, reminders and the product's stores, the Orleans cluster id, and the
/// endpoints this silo advertises. Every mistake is a <see cref="StoreOpenException"/> naming the key (exit 3).
/// </summary>
public sealed record ClusterSettings(
    LeptonStoreKind Store,
    string? ConnectionString,
    string ClusterId,
    IPAddress AdvertisedAddress,
    int SiloPort,
    int GatewayPort,
    TimeSpan CallTimeout)
{
    public const string ClusterIdKey = "Lepton:Cluster:ClusterId";
    public const string AdvertisedAddressKey = "Lepton:Cluster:AdvertisedAddress";
    public const string SiloPortKey = "Lepton:Orleans:SiloPort";
    public const string GatewayPortKey = "Lepton:Orleans:GatewayPort";
    public const string CallTimeoutKey = "Lepton:Cluster:CallTimeout";

    /// <summary>Orleans' service id: constant, because a silo with another one silently reads empty grain state.</summary>
    public const string ServiceId = "lepton-monitor";

    /// <summary>Orleans' invariant for every ADO.NET provider (grain storage otherwise defaults to SQL Server).</summary>
    public const string Invariant = "Npgsql";

    public bool IsPostgres => Store == LeptonStoreKind.Postgres;

    /// <summary>The connection string; only valid on PostgreSQL.</summary>
    public string Postgres => ConnectionString ?? throw new InvalidOperationException("not a PostgreSQL store");

    public static ClusterSettings From(IConfiguration configuration)
    {
        LeptonStoreKind store;
        try
        {
            store = LeptonStoreSelection.Parse(configuration[LeptonStoreSelection.StoreKey]);
        }
        catch (ArgumentException e)
        {
            throw new StoreOpenException(e.Message, e);
        }

        string? connectionString = null;
        if (store == LeptonStoreKind.Postgres)
        {
            connectionString = configuration[LeptonStoreSelection.ConnectionStringKey];
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new StoreOpenException($"{LeptonStoreSelection.StoreKey}=postgres needs {LeptonStoreSelection.ConnectionStringKey}");
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                // Npgsql's message names the bad keyword, never the password.
                throw new StoreOpenException($"{LeptonStoreSelection.ConnectionStringKey}: {e.Message}", e);
            }
        }

        var clusterId = configuration[ClusterIdKey] is { } id && !string.IsNullOrWhiteSpace(id) ? id.Trim() : store == LeptonStoreKind.Postgres ? "lepton" : "lepton-local";
        var addressText = configuration[AdvertisedAddressKey];
        var address = IPAddress.Loopback;
        if (!string.IsNullOrWhiteSpace(addressText) && !IPAddress.TryParse(addressText, out address!))
            throw new StoreOpenException($"{AdvertisedAddressKey}: '{addressText}' is not an IP address");
        var timeoutText = configuration[CallTimeoutKey];
        var callTimeout = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(timeoutText) && (!TimeSpan.TryParse(timeoutText, System.Globalization.CultureInfo.InvariantCulture, out callTimeout) || callTimeout <= TimeSpan.Zero))
            throw new StoreOpenException($"{CallTimeoutKey}: '{timeoutText}' is not a positive duration (e.g. 00:00:10)");
        return new ClusterSettings(store, connectionString, clusterId, address,
            Port(configuration, SiloPortKey, 11111), Port(configuration, GatewayPortKey, 30000), callTimeout);
    }

    private static int Port(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (!int.TryParse(text, out var port) || port is < 1 or > 65535)
            throw new StoreOpenException($"{key}: '{text}' is not a TCP port (1–65535)");
        return port;
    }
}
