using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class ModelScoreRuleTests
{
    private static List<AlertCandidate> Run(ModelScore? score)
    {
        var output = new List<AlertCandidate>();
        ShippedPacks.Engine("US").Evaluate("acme", [TestRecords.Make(50m, channel: PaymentChannel.Card)], [score], output);
        return output;
    }

    [Fact]
    public void Score_at_threshold_raises_a_model_alert_with_score_version_and_sorted_contributions()
    {
        FeatureContribution[] contributions =
            [new("amountUsd", 50, 0.10), new("accountAgeDays", 3, -0.40), new("hourOfDay", 2, 0.25)];

        var hit = Assert.Single(Run(new ModelScore(0.5, "risk-v3", contributions)));

        Assert.Equal(AlertKind.Model, hit.Kind);
        Assert.Equal("model-score", hit.RuleKind);
        Assert.Equal("us-model-risk", hit.RuleId);
        Assert.Equal(Severity.Medium, hit.Severity);
        Assert.Equal(0.5, hit.Score);
        Assert.Equal("risk-v3", hit.ModelVersion);
        var model = Assert.IsType<ModelExplanation>(hit.Explanation.Model);
        Assert.Equal("risk-v3", model.Version);
        Assert.Equal(0.5, model.Score);
        Assert.Equal(0.5, model.Threshold);
        Assert.Equal(["accountAgeDays", "hourOfDay", "amountUsd"], model.Contributions.Select(c => c.Feature));
        Assert.Equal("amountUsd", contributions[0].Feature); // the scorer's array is not reordered in place
        Assert.Equal("model risk-v3 score 0.5000 ≥ 0.5000", hit.Explanation.Summary);
        var value = Assert.Single(hit.Explanation.Values);
        Assert.Equal(("score", ">=", 0.5, 0.5), (value.Name, value.Op, (double)value.Value, (double)value.Threshold!));
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-model-risk", "cust-1"), hit.Fingerprint);
    }

    [Fact]
    public void Score_without_contributions_gets_an_empty_list_for_the_grain_to_fill()
    {
        var hit = Assert.Single(Run(new ModelScore(0.97, "risk-v3", null)));

        Assert.Empty(hit.Explanation.Model!.Contributions);
    }

    [Theory]
    [InlineData(0.4999)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public void Score_below_threshold_or_invalid_raises_nothing(double score)
    {
        Assert.Empty(Run(new ModelScore(score, "risk-v3", null)));
    }

    [Fact]
    public void No_score_raises_nothing()
    {
        Assert.Empty(Run(null));
    }
}
