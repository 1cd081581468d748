using System.Text.Json;
using Lepton.Monitor.Compliance.Posture;

namespace Lepton.Monitor.Compliance.Tests.Posture;

public sealed class PostureWeightsValidatorTests
{
    private static PostureWeights Families(int customers, int products, int channels, int geography) => new()
    {
        Families = new Dictionary<RiskFactorFamily, int>
        {
            [RiskFactorFamily.Customers] = customers, [RiskFactorFamily.ProductsTransactions] = products,
            [RiskFactorFamily.Channels] = channels, [RiskFactorFamily.Geography] = geography,
        },
    };

    [Fact]
    public void Default_and_bounded_weights_pass()
    {
        Assert.Empty(PostureWeightsValidator.Validate(PostureWeights.Default));
        Assert.Empty(PostureWeightsValidator.Validate(Families(10, 40, 10, 40)));
        Assert.Empty(PostureWeightsValidator.Validate(Families(50, 20, 10, 20)));
    }

    [Fact]
    public void A_dominant_family_is_refused()
    {
        var errors = PostureWeightsValidator.Validate(Families(60, 20, 10, 10));
        Assert.Contains(errors, e => e.StartsWith("families.customers: 60 % is outside 10–50 %", StringComparison.Ordinal));
    }

    [Fact]
    public void A_family_weighted_away_is_refused() =>
        Assert.Contains(PostureWeightsValidator.Validate(Families(45, 45, 5, 5)), e => e.StartsWith("families.channels: 5 %", StringComparison.Ordinal));

    [Fact]
    public void Weights_must_sum_to_100() =>
        Assert.Contains(PostureWeightsValidator.Validate(Families(25, 25, 25, 15)), e => e == "families: weights sum to 90 %, must be 100 %");

    [Fact]
    public void A_missing_family_is_refused()
    {
        var weights = new PostureWeights { Families = new Dictionary<RiskFactorFamily, int> { [RiskFactorFamily.Customers] = 50, [RiskFactorFamily.Geography] = 50 } };
        Assert.Contains(PostureWeightsValidator.Validate(weights), e => e.StartsWith("families.channels: required", StringComparison.Ordinal));
    }

    [Fact]
    public void The_legally_high_risk_indicator_cannot_be_weighted()
    {
        var weights = PostureWeights.Default with { Indicators = new Dictionary<string, int> { [IndicatorIds.CallForActionShare] = 1 } };
        Assert.Contains(PostureWeightsValidator.Validate(weights), e => e.Contains("high risk by law", StringComparison.Ordinal));
    }

    [Fact]
    public void An_indicator_dominating_its_family_is_refused()
    {
        // Products has cash, cross-border and crypto: 5 of 7 is 71 % of the family.
        var weights = PostureWeights.Default with { Indicators = new Dictionary<string, int> { [IndicatorIds.CashShare] = 5 } };
        Assert.Contains(PostureWeightsValidator.Validate(weights), e => e.StartsWith("indicators.products.cash-share: 5 of 7", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_or_out_of_range_indicator_weights_are_refused()
    {
        var weights = PostureWeights.Default with { Indicators = new Dictionary<string, int> { ["customers.shoe-size"] = 2, ["alerts.structuring-rate"] = 11 } };
        var errors = PostureWeightsValidator.Validate(weights);
        Assert.Contains(errors, e => e.StartsWith("indicators.customers.shoe-size: unknown indicator", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "indicators.alerts.structuring-rate: 11 is outside 1–10");
    }

    [Fact]
    public void High_stays_reachable_with_any_accepted_weights()
    {
        // With every indicator at 4 but the heaviest family at 3, the class is still high for the most lopsided weights allowed.
        foreach (var weights in new[] { Families(50, 30, 10, 10), Families(10, 10, 30, 50), PostureWeights.Default })
        {
            Assert.Empty(PostureWeightsValidator.Validate(weights));
            var heaviest = weights.Families.MaxBy(f => f.Value).Key;
            var score = weights.Families.Sum(f => (f.Key == heaviest ? 3m : 4m) * f.Value) / 100m;
            Assert.Equal(4, ScoreBands.ClassOf(score));
        }
    }

    [Fact]
    public void Weights_round_trip_through_the_stored_json()
    {
        var weights = Families(10, 40, 10, 40) with { Indicators = new Dictionary<string, int> { [IndicatorIds.PepShare] = 2 } };
        var json = JsonSerializer.Serialize(weights, ComplianceJson.Options);
        var back = JsonSerializer.Deserialize<PostureWeights>(json, ComplianceJson.Options)!;
        Assert.Equal(40, back.Families[RiskFactorFamily.Geography]);
        Assert.Equal(2, back.WeightOf(IndicatorIds.PepShare));
    }
}
