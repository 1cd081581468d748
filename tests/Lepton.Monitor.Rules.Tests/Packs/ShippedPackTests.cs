using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Packs;

/// <summary>The packs shipped in src/Rules/Packs: present in the output folder, valid, and with the content the product promises.</summary>
public sealed class ShippedPackTests
{
    public static TheoryData<string> Jurisdictions => new() { "US", "EU", "GB", "SG", "GLOBAL" };

    /// <summary>Countries the demo generator treats as clean; a pack listing one would flood the board.</summary>
    private static readonly string[] CleanCountries =
        ["US", "GB", "SG", "DE", "FR", "NL", "ES", "IT", "JP", "CA", "AU", "CH", "BR", "MX", "IN"];

    [Fact]
    public void Default_set_has_exactly_the_shipped_jurisdictions()
    {
        var set = RulePackSet.LoadDefault();

        Assert.Equal(["EU", "GB", "GLOBAL", "SG", "US"], set.Jurisdictions.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Pack_file_is_copied_to_Packs_and_loads_on_its_own(string jurisdiction)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Packs", jurisdiction + ".json");

        var pack = RulePackLoader.LoadFile(file);

        Assert.Equal(jurisdiction, pack.Jurisdiction);
        Assert.Equal(file, pack.SourcePath);
        Assert.False(string.IsNullOrWhiteSpace(pack.Version));
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Pack_has_one_rule_of_each_implemented_kind(string jurisdiction)
    {
        var kinds = ShippedPacks.Get(jurisdiction).Rules.Select(r => r.Kind).Order(StringComparer.Ordinal);

        Assert.Equal(RuleKinds.All.Order(StringComparer.Ordinal), kinds);
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Every_rule_cites_a_legal_source_and_says_what_it_does(string jurisdiction)
    {
        foreach (var rule in ShippedPacks.Get(jurisdiction).Rules)
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.LegalSource), $"{rule.Id} has no legal source");
            Assert.False(string.IsNullOrWhiteSpace(rule.Description), $"{rule.Id} has no description");
            Assert.StartsWith(jurisdiction.ToLowerInvariant() + "-", rule.Id, StringComparison.Ordinal);
            Assert.True(rule.Enabled, $"{rule.Id} ships disabled");
        }
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Sanctioned_list_has_the_planted_countries_and_no_clean_ones(string jurisdiction)
    {
        var pack = ShippedPacks.Get(jurisdiction);
        var rule = Assert.Single(pack.Rules, r => r.Kind == RuleKinds.SanctionedCountry);
        var list = pack.Lists[((SanctionedCountryParameters)rule.Parameters).List];

        foreach (var planted in new[] { "KP", "IR", "SY", "CU" })
            Assert.True(list.Contains(planted), $"{jurisdiction} list lacks {planted}");
        foreach (var clean in CleanCountries)
            Assert.False(list.Contains(clean), $"{jurisdiction} list holds clean country {clean}");
        Assert.False(string.IsNullOrWhiteSpace(list.Source));
        Assert.Equal(new DateOnly(2026, 11, 1), list.AsOf);
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Every_currency_a_pack_compares_in_is_in_the_shipped_rate_table(string jurisdiction)
    {
        var rates = CurrencyRates.LoadDefault();
        var pack = ShippedPacks.Get(jurisdiction);

        Assert.True(rates.Contains(pack.Currency), $"{pack.Currency} missing from rates");
        foreach (var rule in pack.Rules)
        {
            if (rule.Parameters is ThresholdParameters { Currency: { } currency })
                Assert.True(rates.Contains(currency), $"{rule.Id}: {currency} missing from rates");
        }
    }

    [Theory]
    [InlineData("US", "USD", 10000, ThresholdOperator.GreaterThan)]
    [InlineData("EU", "EUR", 10000, ThresholdOperator.GreaterOrEqual)]
    [InlineData("GB", "EUR", 10000, ThresholdOperator.GreaterOrEqual)]
    [InlineData("SG", "SGD", 20000, ThresholdOperator.GreaterThan)]
    [InlineData("GLOBAL", "USD", 15000, ThresholdOperator.GreaterOrEqual)]
    public void Cash_threshold_matches_the_cited_law(string jurisdiction, string currency, int amount, ThresholdOperator op)
    {
        var pack = ShippedPacks.Get(jurisdiction);
        var p = (ThresholdParameters)Assert.Single(pack.Rules, r => r.Kind == RuleKinds.Threshold).Parameters;

        Assert.Equal(currency, p.Currency ?? pack.Currency);
        Assert.Equal(amount, p.Amount);
        Assert.Equal(op, p.Operator);
        Assert.Equal([Lepton.Monitor.Contracts.PaymentChannel.Cash], p.Channels);
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Each_shipped_pack_builds_an_engine_over_the_shipped_rates(string jurisdiction)
    {
        var engine = new RuleEngine(ShippedPacks.Get(jurisdiction), CurrencyRates.LoadDefault());

        Assert.Equal(RuleKinds.All.Count, engine.Rules.Count);
    }
}
