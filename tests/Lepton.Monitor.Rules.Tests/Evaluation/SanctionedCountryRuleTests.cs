using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class SanctionedCountryRuleTests
{
    private static List<AlertCandidate> Run(RuleEngine engine, MonitoredRecord record)
    {
        var output = new List<AlertCandidate>();
        engine.Evaluate("acme", [record], [], output);
        return output.Where(c => c.RuleKind == RuleKinds.SanctionedCountry).ToList();
    }

    [Fact]
    public void Sanctioned_beneficiary_raises_a_critical_alert_citing_the_list()
    {
        var hit = Assert.Single(Run(ShippedPacks.Engine("US"), TestRecords.Make(50m, channel: PaymentChannel.Wire, to: "IR")));

        Assert.Equal("us-sanctioned-country", hit.RuleId);
        Assert.Equal(AlertKind.Rule, hit.Kind);
        Assert.Equal(Severity.Critical, hit.Severity);
        var value = Assert.Single(hit.Explanation.Values);
        Assert.Equal("beneficiary.country", value.Name);
        Assert.Equal("IR", value.Value);
        Assert.Equal("in", value.Op);
        var citation = Assert.IsType<string>(value.Threshold);
        Assert.StartsWith("sanctionedCountries (OFAC", citation, StringComparison.Ordinal);
        Assert.EndsWith(", as of 2026-11-01)", citation, StringComparison.Ordinal);
        Assert.Equal($"beneficiary country IR is on {citation}", hit.Explanation.Summary);
        Assert.Equal("31 CFR Chapter V", hit.Explanation.Rule.LegalSource[..16]);
    }

    [Fact]
    public void Sanctioned_originator_raises_an_alert()
    {
        var hit = Assert.Single(Run(ShippedPacks.Engine("EU"), TestRecords.Make(from: "KP", to: "DE")));

        Assert.Equal("originator.country", hit.Explanation.Values[0].Name);
        Assert.Equal("KP", hit.Explanation.Values[0].Value);
    }

    [Fact]
    public void Both_parties_sanctioned_raise_two_alerts_with_distinct_fingerprints()
    {
        var hits = Run(ShippedPacks.Engine("GLOBAL"), TestRecords.Make(from: "SY", to: "CU"));

        Assert.Equal(["originator.country", "beneficiary.country"], hits.Select(h => h.Explanation.Values[0].Name));
        Assert.NotEqual(hits[0].Fingerprint, hits[1].Fingerprint);
    }

    [Theory]
    [InlineData("US", "DE")]
    [InlineData("JP", "FR")]
    [InlineData(null, null)]
    public void Clean_or_missing_countries_raise_nothing(string? from, string? to)
    {
        foreach (var jurisdiction in ShippedPacks.Set.Jurisdictions)
            Assert.Empty(Run(ShippedPacks.Engine(jurisdiction), TestRecords.Make(from: from, to: to)));
    }

    [Fact]
    public void Lower_case_country_still_matches_and_is_reported_upper_case()
    {
        var hit = Assert.Single(Run(ShippedPacks.Engine("SG"), TestRecords.Make(to: "ir")));

        Assert.Equal("IR", hit.Explanation.Values[0].Value);
        Assert.Equal(AlertFingerprint.Compute("acme", "SG", "sg-sanctioned-country", "cust-1", "IR"), hit.Fingerprint);
    }

    [Fact]
    public void Rule_checks_only_the_parties_it_names()
    {
        var lists = new Dictionary<string, ReferenceList>
        {
            ["blocked"] = new("blocked", new DateOnly(2026, 1, 1), "test", ["KP"]),
        };
        var rule = new RuleDefinition("tt-beneficiary", Severity.Critical, "Test Act", null, true,
            new SanctionedCountryParameters("blocked", [PartyRole.Beneficiary]));
        var engine = new RuleEngine(new RulePack("TT", "t", "USD", "1", lists, [rule]), TestRates.Exact);

        Assert.Empty(Run(engine, TestRecords.Make(from: "KP", to: "US")));
        Assert.Single(Run(engine, TestRecords.Make(from: "US", to: "KP")));
    }
}
