using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// What a tenant may change on one rule; null leaves the shipped value. <see cref="Threshold"/> is the amount of a
/// <c>threshold</c> rule (in that rule's currency) or the score threshold of a <c>model-score</c> rule.
/// </summary>
public sealed record RuleOverride(bool? Enabled = null, decimal? Threshold = null, Severity? Severity = null)
{
    /// <summary>The rule with this override applied.</summary>
    /// <exception cref="ArgumentException">The threshold is out of range or the rule kind has none.</exception>
    public RuleDefinition ApplyTo(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var result = rule;
        if (Enabled is { } enabled)
            result = result with { Enabled = enabled };
        if (Severity is { } severity)
            result = result with { Severity = severity };
        if (Threshold is { } threshold)
            result = result with { Parameters = WithThreshold(rule, threshold) };
        return result;
    }

    private static RuleParameters WithThreshold(RuleDefinition rule, decimal threshold) => rule.Parameters switch
    {
        ThresholdParameters p when threshold > 0 => p with { Amount = threshold },
        ThresholdParameters => throw new ArgumentException(
            $"override for rule '{rule.Id}': threshold must be > 0, got {threshold}"),
        ModelScoreParameters p when threshold is >= 0 and <= 1 => p with { Threshold = (double)threshold },
        ModelScoreParameters => throw new ArgumentException(
            $"override for rule '{rule.Id}': score threshold must be within 0..1, got {threshold}"),
        _ => throw new ArgumentException(
            $"override for rule '{rule.Id}': a {rule.Kind} rule has no threshold to override"),
    };
}
