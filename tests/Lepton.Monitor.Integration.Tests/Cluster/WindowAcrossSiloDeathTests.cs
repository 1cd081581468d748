using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// Issue 16 §6, "grains persist before they acknowledge": the first half of a velocity burst (20 card payments in
/// 7 minutes; US: more than 15 in 10 minutes) is acknowledged by the only silo, a second silo joins, the first is
/// SIGKILLed at once (long before any periodic checkpoint), and the second half goes to the monitor's new activation.
/// The burst is still alerted, on the 16th payment: the window the first half built survived the silo's death.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WindowAcrossSiloDeathTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_velocity_burst_spanning_a_silo_death_is_still_alerted()
    {
        await using var cluster = await LocalCluster.UpAsync(silos: 1);
        using var admin = cluster.AdminClient();
        await admin.CreateTenantAsync("acme", "US");
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        start = new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var payments = Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"vel-{{{i:00}}}","tenant":"acme","timestamp":"{{{start.AddSeconds(20 * i):yyyy-MM-ddTHH:mm:ssZ}}}","amount":{{{40 + i}}},"currency":"USD","channel":"card","originator":{"account":"ACC-C-VEL","name":"N","country":"US","customerId":"C-VEL"}}""")).ToList();

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostRecordsAsync(string.Join('\n', payments.Take(10)) + "\n")).Status);
        while (await ClusterStream.DispatchedAsync(admin) < 10)
            await Task.Delay(50); // acknowledged by the monitor on silo 1
        await cluster.StartSiloAsync(2);
        await cluster.KillSiloAsync(1);

        await ClusterStream.PostUntilAcceptedAsync(admin, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', payments.Skip(10)) + "\n"), TimeSpan.FromMinutes(2));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        List<System.Text.Json.Nodes.JsonObject> velocity;
        do
        {
            await Task.Delay(500);
            velocity = (await admin.GetAllAsync("/v1/alerts?tenant=acme")).Where(a => a.Text("ruleKind") == "velocity").ToList();
        } while (velocity.Count == 0 && DateTime.UtcNow < deadline);

        output.WriteLine(string.Join('\n', velocity.Select(a => a.ToJson())));
        var alert = Assert.Single(velocity);
        Assert.Equal("us-velocity-burst", alert.Text("ruleId"));
        Assert.Contains("vel-15", alert.RecordIds()); // the 16th payment: over the limit only with the first 10 counted
    }
}
