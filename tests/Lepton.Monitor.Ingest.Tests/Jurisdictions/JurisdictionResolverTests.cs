using System.Collections.ObjectModel;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest.Tests;

public class JurisdictionResolverTests
{
    private static readonly IReadOnlySet<string> Packs = new HashSet<string> { "EU", "US", "GB", "SG", "GLOBAL" };
    private static readonly string[] AllEnabled = ["EU", "US", "GB", "SG", "GLOBAL"];

    private static MonitoredRecord Record(string? originator, string? beneficiary, string? dataSubjectRegion = null, string[]? explicitJurisdictions = null) =>
        new("tx-1", "acme", DateTimeOffset.UnixEpoch, 100m, "USD", PaymentChannel.Wire,
            originator is null ? null : new Party("p_a", "p_n", originator, null),
            beneficiary is null ? null : new Party("p_b", "p_m", beneficiary, null),
            explicitJurisdictions, dataSubjectRegion, null, null, null, null);

    [Theory]
    [InlineData("DE", "EU")]
    [InlineData("FR", "EU")]
    [InlineData("HR", "EU")]
    [InlineData("US", "US")]
    [InlineData("GB", "GB")]
    [InlineData("SG", "SG")]
    [InlineData("BR", "GLOBAL")]
    [InlineData("NO", "GLOBAL")]
    [InlineData("KP", "GLOBAL")]
    [InlineData("EU", "EU")]
    [InlineData("EEA", "EU")]
    [InlineData("GLOBAL", "GLOBAL")]
    [InlineData("ZZ", null)]
    [InlineData("", null)]
    public void Maps_each_code_to_its_pack(string code, string? expected)
    {
        Assert.Equal(expected, JurisdictionResolver.MapCode(code, Packs));
    }

    [Fact]
    public void A_country_gets_its_own_pack_only_when_one_exists()
    {
        Assert.Equal("GLOBAL", JurisdictionResolver.MapCode("CA", Packs));
        Assert.Equal("CA", JurisdictionResolver.MapCode("CA", new HashSet<string>(Packs) { "CA" }));
    }

    public static TheoryData<string?, string?, string?, string[]?, string[]> Cases => new()
    {
        // originator, beneficiary, dataSubjectRegion, explicit, expected (discovery order)
        { "US", "US", null, null, ["US"] },
        { "US", "DE", null, null, ["US", "EU"] },
        { "DE", "FR", null, null, ["EU"] },
        { "BR", "US", null, null, ["GLOBAL", "US"] },
        { "US", "US", "EU", null, ["US", "EU"] },
        { "US", "US", "EEA", null, ["US", "EU"] },
        { "US", null, null, ["SG", "GLOBAL"], ["US", "SG", "GLOBAL"] },
        { null, null, null, ["GB", "GB", "DE"], ["GB", "EU"] },
        { null, null, null, null, [] },
        { "ZZ", "SG", null, ["XX"], ["SG"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolves_every_jurisdiction_the_record_touches(string? originator, string? beneficiary, string? region, string[]? explicitJurisdictions, string[] expected)
    {
        var result = JurisdictionResolver.Resolve(Record(originator, beneficiary, region, explicitJurisdictions), AllEnabled, Packs);

        Assert.Equal(expected, result);
    }

    [Fact]
    public void Keeps_only_the_tenants_enabled_jurisdictions()
    {
        var record = Record("US", "DE", "EU", ["GLOBAL", "SG"]);

        Assert.Equal(["EU"], JurisdictionResolver.Resolve(record, ["EU"], Packs));
        Assert.Equal(["US", "GLOBAL"], JurisdictionResolver.Resolve(record, ["GLOBAL", "US"], Packs));
        Assert.Empty(JurisdictionResolver.Resolve(record, [], Packs));
    }

    [Fact]
    public void Accepts_any_collection_of_enabled_jurisdictions()
    {
        var record = Record("US", "DE");
        string[] expected = ["US", "EU"];

        Assert.Equal(expected, JurisdictionResolver.Resolve(record, new List<string> { "EU", "US" }, Packs));
        Assert.Equal(expected, JurisdictionResolver.Resolve(record, new HashSet<string> { "EU", "US" }, Packs));
        Assert.Equal(expected, JurisdictionResolver.Resolve(record, new ReadOnlyCollection<string>(["EU", "US"]), Packs));
        Assert.Equal(expected, JurisdictionResolver.Resolve(record, new SortedSet<string> { "US", "EU" }, Packs));
    }

    [Fact]
    public void Handles_more_distinct_jurisdictions_than_the_inline_buffer()
    {
        var packs = new HashSet<string> { "US", "GB", "SG", "CA", "AU", "JP", "CH", "NO", "NZ", "KR" };
        var enabled = packs.Append("EU").Append("GLOBAL").ToArray();
        var record = Record("US", "GB", "EU", ["SG", "CA", "AU", "JP", "CH", "NO", "NZ", "KR", "BR", "US"]);

        var result = JurisdictionResolver.Resolve(record, enabled, packs);

        Assert.Equal(["US", "GB", "EU", "SG", "CA", "AU", "JP", "CH", "NO", "NZ", "KR", "GLOBAL"], result);
    }
}
