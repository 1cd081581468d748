using System.Net;
using Lepton.Monitor.Contracts.Residency;
using Lepton.Monitor.Grains.Placement;
using Microsoft.Extensions.Configuration;
using Orleans.Runtime.Placement;

namespace Lepton.Monitor.Integration.Tests.Residency;

/// <summary>The rules and the director as plain classes: which silos a grain key may go to, and the fail-closed refusal.</summary>
public sealed class ResidencyPlacementDirectorTests
{
    private static readonly SiloAddress Us = SiloAddress.New(IPAddress.Loopback, 11111, 1);
    private static readonly SiloAddress Eu1 = SiloAddress.New(IPAddress.Loopback, 11112, 1);
    private static readonly SiloAddress Eu2 = SiloAddress.New(IPAddress.Loopback, 11113, 1);
    private static readonly SiloAddress NoRegion = SiloAddress.New(IPAddress.Loopback, 11114, 1);

    private static ResidencyRules Rules() => ResidencyRules.Parse(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Lepton:Residency:Rules:EU"] = "eu",
        ["Lepton:Residency:Rules:US"] = " us , eu ",
    }).Build().GetSection(ResidencyRules.Section));

    private sealed class FixedRegions : ISiloRegionLookup
    {
        public string? RegionOf(SiloAddress silo) => silo.Equals(Us) ? "us" : silo.Equals(Eu1) || silo.Equals(Eu2) ? "eu" : null;
    }

    private static PlacementTarget Target(string key) =>
        new(GrainId.Create("jurisdictionmonitor", key), new Dictionary<string, object>(), default, 0);

    private static SiloAddress[] Filter(string key, params SiloAddress[] silos) =>
        new ResidencyPlacementDirector(Rules(), new FixedRegions()).Filter(new ResidencyPlacementStrategy(), Target(key), silos).ToArray();

    [Fact]
    public void Rules_parse_regions_in_order_and_match_jurisdictions_and_regions_without_case()
    {
        var us = Rules().ForJurisdiction("us");
        Assert.NotNull(us);
        Assert.Equal(["us", "eu"], us.Regions);
        Assert.Equal("us", us.HomeRegion);
        Assert.True(us.Allows("EU"));
        Assert.False(us.Allows(null));
        Assert.Null(Rules().ForJurisdiction("GB"));
    }

    [Fact]
    public void A_rule_without_regions_stops_the_start()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Lepton:Residency:Rules:EU"] = " , " })
            .Build().GetSection(ResidencyRules.Section);
        Assert.Throws<InvalidOperationException>(() => ResidencyRules.Parse(section));
    }

    [Fact]
    public void Keys_with_and_without_a_shard_find_their_jurisdiction_and_other_keys_find_none()
    {
        Assert.Equal("EU", Rules().ForGrain(GrainId.Create("jurisdictionmonitor", "acme/EU"))?.Jurisdiction);
        Assert.Equal("EU", Rules().ForGrain(GrainId.Create("jurisdictionmonitor", "acme/EU/3"))?.Jurisdiction);
        Assert.Null(Rules().ForGrain(GrainId.Create("jurisdictionmonitor", "acme/GB")));
        Assert.Null(Rules().ForGrain(GrainId.Create("modelcatalog", "models")));
        Assert.Null(Rules().ForGrain(GrainId.Create("x", "/EU")));
    }

    [Fact]
    public void A_ruled_jurisdiction_keeps_only_silos_of_its_regions()
    {
        Assert.Equal([Eu1, Eu2], Filter("acme/EU/1", Us, Eu1, NoRegion, Eu2));
        Assert.Equal([Us, Eu1], Filter("acme/US", Us, Eu1, NoRegion));
    }

    [Fact]
    public void An_unruled_jurisdiction_keeps_every_silo_including_those_without_a_region()
    {
        Assert.Equal([Us, Eu1, NoRegion], Filter("acme/GB", Us, Eu1, NoRegion));
    }

    [Fact]
    public void No_allowed_silo_up_fails_closed_naming_the_jurisdiction_and_regions()
    {
        var error = Assert.Throws<ResidencyPlacementException>(() => Filter("acme/EU", Us, NoRegion));
        Assert.Equal("EU", error.Jurisdiction);
        Assert.Equal(["eu"], error.AllowedRegions);
        Assert.Throws<ResidencyPlacementException>(() => Filter("acme/EU"));
    }
}
