using Lepton.Monitor.Compliance.Posture;

namespace Lepton.Monitor.Compliance.Tests.Posture;

public sealed class ResidualAndOverrideTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Controls_example_is_good()
    {
        var result = ControlQualityCalculator.Compute(PostureExamples.Controls);
        Assert.Equal([3, 2, 1, 1], result.Indicators.Select(i => i.Score));
        Assert.Equal(2.14m, result.Score); // 15 / 7 = 2.142857…
        Assert.Equal(ControlQuality.Good, result.Class);
    }

    [Theory]
    // Controls better than the risk: the average, rounded up to the more severe class.
    [InlineData(RiskClass.Substantial, ControlQuality.Good, RiskClass.Substantial)]      // ⌈(3+2)/2⌉ = 3
    [InlineData(RiskClass.High, ControlQuality.VeryGood, RiskClass.Substantial)]         // ⌈(4+1)/2⌉ = 3
    [InlineData(RiskClass.High, ControlQuality.Good, RiskClass.Substantial)]             // (4+2)/2 = 3
    [InlineData(RiskClass.High, ControlQuality.Moderate, RiskClass.High)]                // ⌈3.5⌉ = 4
    [InlineData(RiskClass.Substantial, ControlQuality.VeryGood, RiskClass.Medium)]       // (3+1)/2 = 2
    [InlineData(RiskClass.Medium, ControlQuality.VeryGood, RiskClass.Medium)]            // ⌈1.5⌉ = 2
    // Controls not better: the inherent class, never above it.
    [InlineData(RiskClass.Medium, ControlQuality.Poor, RiskClass.Medium)]
    [InlineData(RiskClass.Low, ControlQuality.Moderate, RiskClass.Low)]
    [InlineData(RiskClass.High, ControlQuality.Poor, RiskClass.High)]
    [InlineData(RiskClass.Medium, ControlQuality.Good, RiskClass.Medium)]
    public void Residual_rule(RiskClass inherent, ControlQuality controls, RiskClass expected) =>
        Assert.Equal(expected, ResidualRiskRule.Apply(inherent, controls));

    [Fact]
    public void Whole_example_and_an_override_by_one_class()
    {
        var overrides = new[]
        {
            new PostureOverride("po-1", "acme", "EU", RiskClass.Substantial, RiskClass.Medium, "new controls since the last review", Now.AddDays(30), "key-1", Now.AddDays(-1)),
            // Another jurisdiction's override never applies here.
            new PostureOverride("po-2", "acme", "US", RiskClass.Substantial, RiskClass.High, "different jurisdiction entirely", Now.AddDays(30), "key-1", Now),
        };
        var assessment = PostureCalculator.Assess("acme", "EU", Now, Now.AddDays(-90), PostureExamples.Data, PostureExamples.Alerts,
            PostureExamples.Controls, PostureWeights.Default, overrides);

        Assert.Equal(RiskClass.Substantial, assessment.Inherent.Class);
        Assert.Equal(ControlQuality.Good, assessment.Controls.Class);
        Assert.Equal(RiskClass.Substantial, assessment.Residual);
        Assert.Equal("po-1", assessment.Override?.Id);
        Assert.Equal(RiskClass.Medium, assessment.Final);
        Assert.Equal(BaselAmlIndex.Edition, assessment.BaselEdition);
    }

    [Fact]
    public void Expired_or_stale_overrides_do_not_apply()
    {
        PostureOverride[] overrides =
        [
            new("po-1", "acme", "EU", RiskClass.Substantial, RiskClass.Medium, "expired yesterday, long ago", Now.AddDays(-1), "k", Now.AddDays(-40)),
            // Set against "high": the computed class moved, so the judgement no longer applies.
            new("po-2", "acme", "EU", RiskClass.High, RiskClass.Substantial, "set against another picture", Now.AddDays(10), "k", Now.AddDays(-2)),
        ];
        Assert.Null(PostureOverrideRule.Applicable(overrides, RiskClass.Substantial, Now));
        Assert.Equal("po-2", PostureOverrideRule.Applicable(overrides, RiskClass.High, Now)?.Id);
    }

    [Fact]
    public void Override_constraints_are_checked_with_clear_errors()
    {
        Assert.Empty(PostureOverrideRule.Validate(RiskClass.Substantial, RiskClass.High, "analyst review of Q4 cases", Now.AddDays(90), Now));
        Assert.Contains(PostureOverrideRule.Validate(RiskClass.Substantial, RiskClass.Low, "analyst review of Q4 cases", Now.AddDays(90), Now),
            e => e.StartsWith("toClass: an override moves the computed class (substantial) by exactly one class", StringComparison.Ordinal));
        Assert.Contains(PostureOverrideRule.Validate(RiskClass.Medium, RiskClass.Medium, "analyst review of Q4 cases", Now.AddDays(90), Now), e => e.StartsWith("toClass", StringComparison.Ordinal));
        Assert.Contains(PostureOverrideRule.Validate(RiskClass.Medium, RiskClass.Low, "short", Now.AddDays(90), Now), e => e.StartsWith("reason", StringComparison.Ordinal));
        Assert.Contains(PostureOverrideRule.Validate(RiskClass.Medium, RiskClass.Low, "analyst review of Q4 cases", Now.AddMinutes(-1), Now), e => e == "expiresAt: must be in the future");
        Assert.Contains(PostureOverrideRule.Validate(RiskClass.Medium, RiskClass.Low, "analyst review of Q4 cases", Now.AddDays(400), Now), e => e.StartsWith("expiresAt: at most", StringComparison.Ordinal));
    }
}
