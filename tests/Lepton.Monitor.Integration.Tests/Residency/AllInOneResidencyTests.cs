using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Persistence;
using Lepton.Monitor.Grains.Placement;
using Lepton.Monitor.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace Lepton.Monitor.Integration.Tests.Residency;

/// <summary>The all-in-one (one silo, no region, no rules) is untouched: nothing registered, every grain accepted.</summary>
public sealed class AllInOneResidencyTests
{
    [Fact]
    public void Without_a_region_or_rules_the_hook_registers_nothing()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var before = builder.Services.Count;
        builder.AddLeptonResidency();
        Assert.Equal(before, builder.Services.Count);
    }

    [Fact]
    public void A_silo_that_may_host_a_ruled_jurisdiction_without_its_home_store_stops_at_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lepton:Cluster:Region"] = "eu",
            ["Lepton:Residency:Rules:EU"] = "eu",
            ["Lepton:Residency:Rules:US"] = "us,eu",
            ["Lepton:Residency:Storage:eu"] = "region-eu",
        });
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLeptonResidency());
        Assert.Contains("us", error.Message);
        Assert.Contains("Lepton:Residency:Storage", error.Message);
    }

    [Fact]
    public async Task A_single_silo_without_a_region_accepts_every_jurisdiction_and_keeps_state_in_its_own_store()
    {
        await using var single = await ResidencyCluster.StartAsync([null], withRules: false);
        var silo = Assert.Single(single.Cluster.Silos);
        Assert.Null(silo.ServiceProvider.GetService<ResidencyRules>());
        foreach (var jurisdiction in new[] { "EU", "US", "GB" })
        {
            var grain = single.Monitor("aio-tenant", jurisdiction);
            Assert.Equal(3, (await grain.ProcessAsync(ResidencyRecords.Batch("aio-tenant", jurisdiction))).Processed);
            await grain.CheckpointAsync();
        }
        var stored = ResidencyCluster.StoredGrainIds(single.DataPathOf(silo.Name));
        Assert.Contains(stored, id => id.EndsWith("aio-tenant/EU", StringComparison.Ordinal));
        Assert.Contains(stored, id => id.EndsWith("aio-tenant/US", StringComparison.Ordinal));
        Assert.Contains(stored, id => id.EndsWith("aio-tenant/GB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_real_host_with_a_region_and_rules_keeps_ruled_state_in_the_region_store()
    {
        // LeptonHost's own wiring (the hook after AddLeptonMonitoring, a second UseOrleans for the metadata).
        using var data = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(data.Path,
            "--Lepton:Cluster:Region", "eu", "--Lepton:Residency:Rules:EU", "eu", "--Lepton:Residency:Storage:eu", "region-eu",
            "--Lepton:Demo:Enabled", "false");
        Assert.IsType<ResidencyGrainStorage>(host.App.Services.GetRequiredKeyedService<IGrainStorage>(SqliteGrainStorage.StorageName));
        var grains = host.App.Services.GetRequiredService<IGrainFactory>();
        foreach (var jurisdiction in new[] { "EU", "GB" })
        {
            var grain = grains.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For("host-tenant", jurisdiction));
            Assert.Equal(3, (await grain.ProcessAsync(ResidencyRecords.Batch("host-tenant", jurisdiction))).Processed);
            await grain.CheckpointAsync();
        }
        var regional = ResidencyCluster.StoredGrainIds(Path.Combine(data.Path, "region-eu"));
        var own = ResidencyCluster.StoredGrainIds(data.Path);
        Assert.Contains(regional, id => id.EndsWith("host-tenant/EU", StringComparison.Ordinal));
        Assert.DoesNotContain(own, id => id.EndsWith("host-tenant/EU", StringComparison.Ordinal));
        Assert.Contains(own, id => id.EndsWith("host-tenant/GB", StringComparison.Ordinal));
        Assert.DoesNotContain(regional, id => id.EndsWith("host-tenant/GB", StringComparison.Ordinal));
    }
}
