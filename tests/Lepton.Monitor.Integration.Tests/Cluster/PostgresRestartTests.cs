using System.Diagnostics;
using Xunit.Abstractions;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// Issue 16 §6: PostgreSQL restarted mid-stream (down for 3 s). Ingest answers 503 meanwhile rather than acknowledge
/// what it cannot journal, the sender re-sends with the same ids, and afterwards nothing is lost or doubled.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_postgres_restart_mid_stream_loses_nothing_and_doubles_nothing()
    {
        var stream = new ClusterStream(count: 2_000, seed: 47);
        await using var cluster = await LocalCluster.UpAsync(silos: 2);
        using var admin = cluster.AdminClient();
        await ClusterStream.CreateTenantAsync(admin, shards: 2);

        var clock = Stopwatch.StartNew();
        var refused = 0;
        Task<string>? restart = null;
        for (var i = 0; i < stream.Chunks.Count; i++)
        {
            if (i == stream.Chunks.Count / 2)
                restart = cluster.RestartPostgresAsync(downSeconds: 3);
            refused += await ClusterStream.PostUntilAcceptedAsync(admin, stream.Chunks[i], TimeSpan.FromMinutes(2));
        }
        await restart!;
        await stream.WaitForDispatchedAsync(admin, TimeSpan.FromMinutes(3), () => cluster.Log("api-1"));
        var parked = await ClusterStream.WaitForNothingParkedAsync(admin, TimeSpan.FromMinutes(3));
        output.WriteLine($"all chunks accepted and dispatched in {clock.Elapsed.TotalSeconds:F1} s; {refused} answers were not 202 while PostgreSQL was down; at most {parked} parked meanwhile");

        await stream.AssertAlertedExactlyOnceAsync(admin);
        var status = await cluster.StatusAsync();
        Assert.Equal(2, status.Split('\n').Count(l => l.StartsWith("silo-", StringComparison.Ordinal) && l.Contains("ready=yes")));
    }
}
