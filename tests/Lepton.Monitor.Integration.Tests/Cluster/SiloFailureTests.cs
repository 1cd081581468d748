using System.Diagnostics;
using Xunit.Abstractions;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// Issue 16 §6 through <c>infra/local/cluster.sh</c>: three silos on PostgreSQL, records streaming over HTTP, one silo
/// SIGKILLed mid-stream. Nothing acknowledged is lost, every planted violation yields exactly the alerts a calm process
/// gives, and the cluster keeps serving.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_silo_killed_mid_stream_loses_nothing_and_alerts_every_planted_violation_once()
    {
        var stream = new ClusterStream(count: 3_000, seed: 16);
        await using var cluster = await LocalCluster.UpAsync(silos: 3);
        using var admin = cluster.AdminClient();
        await ClusterStream.CreateTenantAsync(admin, shards: 4);

        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null;
        var refused = 0;
        for (var i = 0; i < stream.Chunks.Count; i++)
        {
            if (i == stream.Chunks.Count / 3)
            {
                await cluster.KillSiloAsync(2);
                killedAt = clock.Elapsed;
            }
            refused += await ClusterStream.PostUntilAcceptedAsync(admin, stream.Chunks[i], Patience);
        }
        var posted = clock.Elapsed;
        await stream.WaitForDispatchedAsync(admin, Patience, () => cluster.Log("api-1"));
        var parked = await ClusterStream.WaitForNothingParkedAsync(admin, Patience);
        output.WriteLine($"silo-2 killed at {killedAt!.Value.TotalSeconds:F1} s; all {stream.Chunks.Count} chunks accepted at {posted.TotalSeconds:F1} s " +
                         $"({refused} refused answers); all records acknowledged by grains at {clock.Elapsed.TotalSeconds:F1} s; at most {parked} parked meanwhile");

        await stream.AssertAlertedExactlyOnceAsync(admin);

        // Still serving: a silo comes back and the status shows every process.
        await cluster.StartSiloAsync(2);
        var status = await cluster.StatusAsync();
        output.WriteLine(status);
        Assert.Equal(3, status.Split('\n').Count(l => l.StartsWith("silo-", StringComparison.Ordinal) && l.Contains("ready=yes")));
    }
}
