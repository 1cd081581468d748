using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Packs;

/// <summary>The reference lists behind the new rule kinds: editions, sources, and no clean country on a risk list.</summary>
public sealed class ShippedListTests
{
    public static TheoryData<string> Jurisdictions => new() { "US", "EU", "GB", "SG", "GLOBAL" };

    private static readonly string[] CleanCountries =
        ["US", "GB", "SG", "DE", "FR", "NL", "ES", "IT", "IE", "BE", "AT", "PT", "FI", "SE", "DK", "LU", "PL", "JP", "CA", "AU", "CH", "NO", "NZ", "KR", "BR", "MX", "IN"];

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Fatf_lists_are_the_october_2025_edition_and_hold_no_clean_country(string jurisdiction)
    {
        var pack = ShippedPacks.Get(jurisdiction);
        var rule = Assert.Single(pack.Rules, r => r.Kind == RuleKinds.HighRiskCountry);
        var levels = ((HighRiskCountryParameters)rule.Parameters).Lists;

        Assert.Equal(["fatfCallForAction", "fatfIncreasedMonitoring"], levels.Select(l => l.List));
        var callForAction = pack.Lists["fatfCallForAction"];
        var monitored = pack.Lists["fatfIncreasedMonitoring"];
        Assert.Equal(["IR", "KP", "MM"], callForAction.Values.Order(StringComparer.Ordinal));
        Assert.Equal(20, monitored.Values.Count);
        foreach (var list in new[] { callForAction, monitored })
        {
            Assert.Equal(new DateOnly(2025, 10, 24), list.AsOf);
            Assert.Contains("fatf-gafi.org", list.Source, StringComparison.Ordinal);
            foreach (var clean in CleanCountries)
                Assert.False(list.Contains(clean), $"{jurisdiction} {list.Name} holds clean country {clean}");
        }
        foreach (var gone in new[] { "ZA", "NG", "MZ", "BF", "HR", "ML", "TZ" })
            Assert.False(monitored.Contains(gone), $"{gone} left the grey list before October 2025");
    }

    [Theory]
    [InlineData("US", "gdprRegions", "euAdequacy")]
    [InlineData("EU", "gdprRegions", "euAdequacy")]
    [InlineData("SG", "gdprRegions", "euAdequacy")]
    [InlineData("GLOBAL", "gdprRegions", "euAdequacy")]
    [InlineData("GB", "ukGdprRegions", "ukAdequacy")]
    public void Data_transfer_rules_name_their_protected_area_and_adequacy_list(string jurisdiction, string protectedList, string adequacyList)
    {
        var pack = ShippedPacks.Get(jurisdiction);
        var p = (CrossBorderDataTransferParameters)Assert.Single(pack.Rules, r => r.Kind == RuleKinds.CrossBorderDataTransfer).Parameters;

        Assert.Equal((protectedList, adequacyList), (p.ProtectedRegions, p.AdequateRegions));
        var adequacy = pack.Lists[adequacyList];
        foreach (var country in new[] { "AD", "AR", "CA", "CH", "FO", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "US", "UY" })
            Assert.True(adequacy.Contains(country), $"{jurisdiction} {adequacyList} lacks {country}");
        foreach (var country in new[] { "IN", "BR", "AU", "MX", "SG", "CN", "RU" })
            Assert.False(adequacy.Contains(country), $"{jurisdiction} {adequacyList} holds {country}");
        Assert.Contains("Data Privacy Framework", adequacy.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Eu_adequacy_covers_gb_and_the_eea_is_protected_not_foreign()
    {
        var eu = ShippedPacks.Get("EU");

        Assert.True(eu.Lists["euAdequacy"].Contains("GB"));
        foreach (var code in new[] { "EU", "EEA", "DE", "FR", "IS", "LI", "NO", "GR" })
            Assert.True(eu.Lists["gdprRegions"].Contains(code), $"gdprRegions lacks {code}");
    }

    [Theory]
    [InlineData("US", 3000, "USD")]
    [InlineData("EU", 0, "EUR")]
    [InlineData("GB", 1000, "EUR")]
    [InlineData("SG", 1500, "SGD")]
    [InlineData("GLOBAL", 1000, "USD")]
    public void Travel_rule_thresholds_match_the_cited_law(string jurisdiction, int amount, string currency)
    {
        var pack = ShippedPacks.Get(jurisdiction);
        var p = (TravelRuleParameters)Assert.Single(pack.Rules, r => r.Kind == RuleKinds.TravelRule).Parameters;

        Assert.Equal(amount, p.Amount);
        Assert.Equal(currency, p.Currency ?? pack.Currency);
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Every_rule_currency_is_in_the_shipped_rate_table(string jurisdiction)
    {
        var rates = CurrencyRates.LoadDefault();
        foreach (var rule in ShippedPacks.Get(jurisdiction).Rules)
        {
            var currency = rule.Parameters switch
            {
                StructuringParameters p => p.Currency,
                VelocityParameters p => p.Currency,
                TravelRuleParameters p => p.Currency,
                ThresholdParameters p => p.Currency,
                _ => null,
            };
            if (currency is not null)
                Assert.True(rates.Contains(currency), $"{rule.Id}: {currency} missing from rates");
        }
    }
}
