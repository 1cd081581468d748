using Lepton.Monitor.Grains.Placement;
using Lepton.Monitor.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
}
