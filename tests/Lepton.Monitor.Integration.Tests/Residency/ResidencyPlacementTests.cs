using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Integration.Tests.Residency;

/// <summary>Three silos of two regions (us, eu, eu) in one process; rules EU → eu, US → us or eu (state in us).</summary>
public sealed class TwoRegionsFixture : IAsyncLifetime
{
    public ResidencyCluster Regions { get; private set; } = null!;

    public async Task InitializeAsync() => Regions = await ResidencyCluster.StartAsync(["us", "eu", "eu"]);

    public async Task DisposeAsync() => await Regions.DisposeAsync();
}

public sealed class ResidencyPlacementTests(TwoRegionsFixture fixture) : IClassFixture<TwoRegionsFixture>
{
    private ResidencyCluster Regions => fixture.Regions;

    [Fact]
    public async Task Eu_grains_activate_only_on_eu_silos_even_when_called_through_the_us_gateway()
    {
        // The client's gateway is Silo_0, region us: placement is decided there, from the grain key.
        for (var i = 0; i < 12; i++)
        {
            var grain = Regions.Monitor($"eu-tenant-{i}", "EU");
            await grain.GetDriftAsync();
            Assert.Equal("eu", await Regions.ActivationRegionAsync(grain));
        }
        // Shards of an EU monitor (key tenant/EU/shard) are EU grains too.
        for (var shard = 1; shard < 4; shard++)
        {
            var grain = Regions.Cluster.Client.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For("eu-sharded", "EU", shard));
            await grain.GetDriftAsync();
            Assert.Equal("eu", await Regions.ActivationRegionAsync(grain));
        }
    }

    [Fact]
    public async Task Us_grains_run_in_their_allowed_regions_and_unruled_jurisdictions_run_anywhere()
    {
        for (var i = 0; i < 6; i++)
        {
            var us = Regions.Monitor($"us-tenant-{i}", "US");
            await us.GetDriftAsync();
            var region = await Regions.ActivationRegionAsync(us);
            Assert.Contains(region, new[] { "us", "eu" });
            // No rule: placed by Orleans alone, on any silo (ActivationRegionAsync asserts it is on one of them).
            var gb = Regions.Monitor($"gb-tenant-{i}", "GB");
            await gb.GetDriftAsync();
            Assert.Contains(await Regions.ActivationRegionAsync(gb), new[] { "us", "eu" });
        }
    }

    [Fact]
    public async Task Eu_state_lands_in_the_eu_store_and_never_in_the_us_or_default_one()
    {
        var eu = Regions.Monitor("state-tenant", "EU");
        var us = Regions.Monitor("state-tenant", "US");
        var gb = Regions.Monitor("state-tenant", "GB");
        foreach (var grain in new[] { eu, us, gb })
        {
            Assert.Equal(3, (await grain.ProcessAsync(ResidencyRecords.Batch("state-tenant", grain.GetPrimaryKeyString()))).Processed);
            await grain.CheckpointAsync();
        }

        var euKey = MonitorKey.For("state-tenant", "EU");
        var usKey = MonitorKey.For("state-tenant", "US");
        var gbKey = MonitorKey.For("state-tenant", "GB");
        var inEuStores = new List<string>();
        var inUsStores = new List<string>();
        var inDefaultStores = new List<string>();
        foreach (var silo in Regions.Cluster.Silos)
        {
            var data = Regions.DataPathOf(silo.Name);
            inEuStores.AddRange(ResidencyCluster.StoredGrainIds(Path.Combine(data, ResidencyCluster.EuStore)));
            inUsStores.AddRange(ResidencyCluster.StoredGrainIds(Path.Combine(data, ResidencyCluster.UsStore)));
            inDefaultStores.AddRange(ResidencyCluster.StoredGrainIds(data));
        }

        Assert.Contains(inEuStores, id => id.EndsWith(euKey, StringComparison.Ordinal));
        Assert.DoesNotContain(inUsStores, id => id.EndsWith(euKey, StringComparison.Ordinal));
        Assert.DoesNotContain(inDefaultStores, id => id.EndsWith(euKey, StringComparison.Ordinal));

        // US (a rule: us, eu) lives in its home region's store wherever it runs; GB (no rule) stays in the default store.
        Assert.Contains(inUsStores, id => id.EndsWith(usKey, StringComparison.Ordinal));
        Assert.DoesNotContain(inEuStores, id => id.EndsWith(usKey, StringComparison.Ordinal));
        Assert.Contains(inDefaultStores, id => id.EndsWith(gbKey, StringComparison.Ordinal));
        Assert.DoesNotContain(inEuStores.Concat(inUsStores), id => id.EndsWith(gbKey, StringComparison.Ordinal));

        // The us silo hosts no EU grain, so it never even opened the eu store.
        Assert.Empty(ResidencyCluster.StoredGrainIds(Path.Combine(Regions.DataPathOf("Silo_0"), ResidencyCluster.EuStore)));
    }
}
