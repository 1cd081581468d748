using Npgsql;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// Issue 16 §5 on PostgreSQL: silos in regions us and eu, the rule EU → eu, each region's grain state in its own
/// database. The EU monitors' state is written to lepton_eu only; the US monitors (no rule) keep theirs in the
/// cluster's database, and nothing lands in lepton_us.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionalStateTests
{
    [Fact]
    public async Task A_ruled_jurisdictions_grain_state_is_stored_only_in_its_home_regions_database()
    {
        var stream = new ClusterStream(count: 1_000, seed: 5);
        await using var cluster = await LocalCluster.UpAsync(silos: 2, extraArgs: "--Lepton:Residency:Rules:EU eu", regions: "us,eu");
        using var admin = cluster.AdminClient();
        await ClusterStream.CreateTenantAsync(admin, shards: 1);
        foreach (var chunk in stream.Chunks)
            await ClusterStream.PostUntilAcceptedAsync(admin, chunk, TimeSpan.FromMinutes(1));
        await stream.WaitForDispatchedAsync(admin, TimeSpan.FromMinutes(2), () => cluster.Log("api-1"));

        // State is written at the dispatcher's next checkpoint, just after the grains acknowledged.
        var eu = await MonitorStateKeysAsync(cluster.ConnectionString("lepton_eu"));
        var home = await MonitorStateKeysAsync(cluster.ConnectionString("lepton"));
        for (var i = 0; i < 120 && (eu.Count == 0 || !home.Contains("acme/US")); i++)
        {
            await Task.Delay(250);
            eu = await MonitorStateKeysAsync(cluster.ConnectionString("lepton_eu"));
            home = await MonitorStateKeysAsync(cluster.ConnectionString("lepton"));
        }
        var us = await MonitorStateKeysAsync(cluster.ConnectionString("lepton_us"));

        Assert.Equal(["acme/EU"], eu);
        Assert.Contains("acme/US", home);
        Assert.DoesNotContain(home, k => k.Contains("/EU", StringComparison.Ordinal));
        Assert.Empty(us);
    }

    /// <summary>The keys of the monitor grains with state in a database (Orleans' ADO.NET grain storage table).</summary>
    private static async Task<List<string>> MonitorStateKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grainidextensionstring FROM orleansstorage WHERE graintypestring = 'monitor' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));
        return keys;
    }
}
