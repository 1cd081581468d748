using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Kafka.Tests.Support;

/// <summary>Starting the real host with its Kafka consumer, after the tenant exists (so no record races its creation).</summary>
public static class KafkaHost
{
    public const string Topic = "transactions";
    public const string Tenant = "acme";
    public static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    /// <summary>Creates the tenant directly in the store of <paramref name="dataPath"/> (before any host runs on it).</summary>
    public static async Task CreateTenantAsync(string dataPath, string tenant = Tenant)
    {
        using var db = LeptonDatabase.Open(dataPath);
        var store = new SqliteTenantStore(db, TimeProvider.System);
        await store.UpsertAsync(new TenantInfo(tenant, tenant, Jurisdictions, null, DateTimeOffset.UtcNow));
    }

    public static Task<LeptonTestHost> StartAsync(string dataPath, MockKafkaCluster cluster, string group, params string[] extra) =>
        LeptonTestHost.StartAsync(dataPath,
        [
            "--Lepton:Kafka:BootstrapServers", cluster.BootstrapServers,
            "--Lepton:Kafka:Topic", Topic,
            "--Lepton:Kafka:ConsumerGroup", group,
            "--Lepton:Kafka:Settings:auto.commit.interval.ms", "200",
            "--Lepton:Kafka:Settings:session.timeout.ms", "6000",
            "--Lepton:Kafka:Settings:heartbeat.interval.ms", "500",
            // Idle partitions beside busy ones hold fetches for fetch.wait.max.ms (500 ms by default): shorter in tests.
            "--Lepton:Kafka:Settings:fetch.wait.max.ms", "50",
            .. extra,
        ]);
}
