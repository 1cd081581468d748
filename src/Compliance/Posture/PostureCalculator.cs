namespace Lepton.Monitor.Compliance.Posture;

/// <summary>The whole method for one (tenant, jurisdiction): inherent → controls → residual → override.</summary>
public static class PostureCalculator
{
    public static PostureAssessment Assess(
        string tenant, string jurisdiction, DateTimeOffset now, DateTimeOffset periodStart,
        PostureDataPoints data, IReadOnlyDictionary<string, long> alertsByRuleKind, ControlInputs controls,
        PostureWeights weights, IEnumerable<PostureOverride> overrides)
    {
        var weightErrors = PostureWeightsValidator.Validate(weights);
        if (weightErrors.Count > 0)
            throw new ArgumentException(string.Join("; ", weightErrors));
        var inherent = InherentRiskCalculator.Compute(data, alertsByRuleKind, weights);
        var quality = ControlQualityCalculator.Compute(controls);
        var residual = ResidualRiskRule.Apply(inherent.Class, quality.Class);
        var applied = PostureOverrideRule.Applicable(overrides.Where(o => o.Jurisdiction == jurisdiction), residual, now);
        return new PostureAssessment(tenant, jurisdiction, now, periodStart, inherent, quality, residual, applied,
            applied?.ToClass ?? residual, weights, BaselAmlIndex.Edition, HighRiskThirdCountries.ListName);
    }
}
