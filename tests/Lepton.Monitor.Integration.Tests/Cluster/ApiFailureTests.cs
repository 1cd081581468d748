using System.Diagnostics;
using Xunit.Abstractions;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// Issue 16 §3: a 202 from an api process is a promise the cluster keeps. The api process is SIGKILLed right after
/// its last 202 and never comes back; the other api process takes over its journal partition when the lease expires
/// and every acknowledged record is processed exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiFailureTests(ITestOutputHelper output)
{
    // Short leases so the takeover starts within seconds (production default: 15 s lease, 5 s renewal).
    private const string ShortLeases =
        "--Lepton:Journal:Lease 00:00:04 --Lepton:Journal:RenewInterval 00:00:01 --Lepton:Journal:Takeover:PollInterval 00:00:01";

    [Fact]
    public async Task Records_acknowledged_by_an_api_process_that_dies_are_processed_by_another_exactly_once()
    {
        var stream = new ClusterStream(count: 2_000, seed: 31);
        await using var cluster = await LocalCluster.UpAsync(silos: 1, apis: 2, ShortLeases);
        using var first = cluster.AdminClient(api: 1);
        using var second = cluster.AdminClient(api: 2);
        await ClusterStream.CreateTenantAsync(first, shards: 1);

        foreach (var chunk in stream.Chunks)
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await first.PostRecordsAsync(chunk)).Status);
        await cluster.KillApiAsync(1); // at once after the last 202: its dispatcher had most of them still in flight
        var killed = Stopwatch.StartNew();

        // The survivor's own counter shows records only it dispatched: every record, once the takeover is done.
        await stream.WaitForDispatchedAsync(second, TimeSpan.FromMinutes(2), () => cluster.Log("api-2"));
        var parked = await ClusterStream.WaitForNothingParkedAsync(second, TimeSpan.FromMinutes(2));
        output.WriteLine($"api-1 killed; api-2 had dispatched the backlog {killed.Elapsed.TotalSeconds:F1} s later");
        Assert.Contains("Taking over journal partition api-1", cluster.Log("api-2"));

        await stream.AssertAlertedExactlyOnceAsync(second);
    }
}
