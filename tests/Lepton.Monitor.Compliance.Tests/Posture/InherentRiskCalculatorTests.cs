using Lepton.Monitor.Compliance.Posture;

namespace Lepton.Monitor.Compliance.Tests.Posture;

public sealed class InherentRiskCalculatorTests
{
    [Fact]
    public void Hand_computed_example_with_equal_weights_is_substantial()
    {
        var result = InherentRiskCalculator.Compute(PostureExamples.Data, PostureExamples.Alerts, PostureWeights.Default);

        Assert.Equal(2, Score(result, IndicatorIds.PepShare));
        Assert.Equal(3, Score(result, IndicatorIds.NonResidentShare));
        Assert.Equal(4, Score(result, IndicatorIds.CashShare));
        Assert.Equal(2, Score(result, IndicatorIds.CrossBorderShare));
        Assert.Equal(3, Score(result, IndicatorIds.NonFaceToFaceShare));
        Assert.Equal(5.01m, result.Indicators.Single(i => i.Id == IndicatorIds.BaselExposure).Value);
        Assert.Equal(2, Score(result, IndicatorIds.BaselExposure));
        Assert.Equal(1, Score(result, IndicatorIds.CallForActionShare));
        Assert.Equal(1.5m, result.Indicators.Single(i => i.Id == "alerts.structuring-rate").Value);
        Assert.Equal(2, Score(result, "alerts.structuring-rate"));
        Assert.Equal(RiskFactorFamily.Geography, result.Indicators.Single(i => i.Id == "alerts.high-risk-country-rate").Family);
        Assert.Equal(3, Score(result, "alerts.high-risk-country-rate"));
        Assert.DoesNotContain(result.Indicators, i => i.Id == IndicatorIds.CryptoShare); // not reported: left out

        // Customers (2+3)/2 = 2.50; products (4+2+2)/3 = 2.67; channels 3.00; geography (2+1+3)/3 = 2.00.
        Assert.Equal([2.50m, 2.67m, 3.00m, 2.00m], result.Families.Select(f => f.Score));
        // (2.50 + 2.67 + 3.00 + 2.00) / 4 = 2.5425 → 2.54: substantial (>= 2.5).
        Assert.Equal(2.54m, result.Score);
        Assert.Equal(RiskClass.Substantial, result.Class);
        Assert.False(result.ForcedHigh);
        Assert.Equal(0.5m, result.UnlistedCountryShare);
    }

    [Fact]
    public void Tenant_weights_change_the_class_by_the_weighted_mean()
    {
        var weights = new PostureWeights
        {
            Families = new Dictionary<RiskFactorFamily, int>
            {
                [RiskFactorFamily.Customers] = 10, [RiskFactorFamily.ProductsTransactions] = 40,
                [RiskFactorFamily.Channels] = 10, [RiskFactorFamily.Geography] = 40,
            },
        };
        var result = InherentRiskCalculator.Compute(PostureExamples.Data, PostureExamples.Alerts, weights);

        // (2.50·10 + 2.67·40 + 3.00·10 + 2.00·40) / 100 = 2.418 → 2.42: medium.
        Assert.Equal(2.42m, result.Score);
        Assert.Equal(RiskClass.Medium, result.Class);
    }

    [Fact]
    public void Indicator_weights_inside_a_family()
    {
        var weights = PostureWeights.Default with { Indicators = new Dictionary<string, int> { [IndicatorIds.NonResidentShare] = 3 } };
        var result = InherentRiskCalculator.Compute(PostureExamples.Data, PostureExamples.Alerts, weights);

        // Customers (2·1 + 3·3) / 4 = 2.75.
        Assert.Equal(2.75m, result.Families.Single(f => f.Family == RiskFactorFamily.Customers).Score);
    }

    [Fact]
    public void Material_exposure_to_a_call_for_action_country_is_high_whatever_the_weights()
    {
        var data = PostureExamples.Data with
        {
            CountryExposure = new Dictionary<string, decimal> { ["DE"] = 0.99m, ["KP"] = 0.01m },
        };
        var result = InherentRiskCalculator.Compute(data, new Dictionary<string, long>(), PostureWeights.Default);

        Assert.True(result.ForcedHigh);
        Assert.Equal(RiskClass.High, result.Class);
        Assert.True(result.Score < ScoreBands.HighFrom); // the weighted mean alone would not have said high
    }

    [Fact]
    public void Exposure_below_the_materiality_floor_scores_4_but_does_not_force_the_class()
    {
        var data = PostureExamples.Data with { CountryExposure = new Dictionary<string, decimal> { ["DE"] = 0.999m, ["IR"] = 0.001m } };
        var result = InherentRiskCalculator.Compute(data, new Dictionary<string, long>(), PostureWeights.Default);

        Assert.Equal(4, Score(result, IndicatorIds.CallForActionShare));
        Assert.False(result.ForcedHigh);
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(1.74, 1)]
    [InlineData(1.75, 2)]
    [InlineData(2.49, 2)]
    [InlineData(2.5, 3)]
    [InlineData(3.24, 3)]
    [InlineData(3.25, 4)]
    [InlineData(4.0, 4)]
    public void Class_bands(double score, int expected) => Assert.Equal(expected, ScoreBands.ClassOf((decimal)score));

    [Fact]
    public void Bad_data_points_are_refused_with_the_field_named()
    {
        var bad = new PostureDataPoints { CashShare = 1.5m, CountryExposure = new Dictionary<string, decimal> { ["germany"] = 0.2m } };
        var e = Assert.Throws<ArgumentException>(() => InherentRiskCalculator.Compute(bad, new Dictionary<string, long>(), PostureWeights.Default));
        Assert.Contains("cashShare", e.Message);
        Assert.Contains("countryExposure.germany", e.Message);
        Assert.Throws<ArgumentException>(() => InherentRiskCalculator.Compute(new PostureDataPoints(), new Dictionary<string, long>(), PostureWeights.Default));
    }

    private static int Score(InherentRisk result, string id) => result.Indicators.Single(i => i.Id == id).Score;
}
