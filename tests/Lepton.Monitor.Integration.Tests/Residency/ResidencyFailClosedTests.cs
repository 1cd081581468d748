using Lepton.Monitor.Contracts.Residency;

namespace Lepton.Monitor.Integration.Tests.Residency;

/// <summary>With the only eu silo gone, EU grains are refused with a clear error; US keeps working on the us silo.</summary>
public sealed class ResidencyFailClosedTests : IAsyncLifetime
{
    private ResidencyCluster _regions = null!;

    public async Task InitializeAsync() => _regions = await ResidencyCluster.StartAsync(["us", "eu"]);

    public async Task DisposeAsync() => await _regions.DisposeAsync();

    [Fact]
    public async Task With_no_eu_silo_up_eu_grains_fail_closed_and_us_grains_keep_working()
    {
        var before = _regions.Monitor("fc-tenant", "EU");
        await before.GetDriftAsync();
        Assert.Equal("eu", await _regions.ActivationRegionAsync(before));

        await _regions.Cluster.StopSiloAsync(_regions.Cluster.Silos.Single(s => s.Name == "Silo_1"));

        // A grain never activated: placement finds no eu silo and refuses, naming the jurisdiction and its regions.
        var error = await Assert.ThrowsAsync<ResidencyPlacementException>(() => _regions.Monitor("fc-fresh", "EU").GetDriftAsync());
        Assert.Equal("EU", error.Jurisdiction);
        Assert.Equal(["eu"], error.AllowedRegions);
        Assert.Contains("'EU'", error.Message);
        Assert.Contains("eu", error.Message);

        // The grain that lived on the stopped silo is not re-placed on the us silo either (its old address may take
        // a moment to be dropped from the caches: bounded retries until placement answers).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await before.GetDriftAsync();
                Assert.Fail("an EU grain answered with no eu silo up");
            }
            catch (ResidencyPlacementException e) { last = e; break; }
            catch (Exception e) when (e is not Xunit.Sdk.FailException) { last = e; await Task.Delay(200); }
        }
        Assert.IsType<ResidencyPlacementException>(last);

        var us = _regions.Monitor("fc-tenant", "US");
        Assert.Equal(3, (await us.ProcessAsync(ResidencyRecords.Batch("fc-tenant", "us"))).Processed);
        Assert.Equal("us", await _regions.ActivationRegionAsync(us));
    }
}
