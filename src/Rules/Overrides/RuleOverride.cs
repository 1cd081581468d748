using System.Text.Json.Serialization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// What a tenant may change on one rule; null leaves the shipped value.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Threshold"/>: the amount of a <c>threshold</c> or <c>travel-rule</c> rule (≥ 0 there, 0 = any amount) and the
/// <c>threshold</c> of a <c>structuring</c> rule (in that rule's currency), or the score threshold (0..1) of a <c>model-score</c> rule.</item>
/// <item><see cref="Window"/>: of a <c>structuring</c> or <c>velocity</c> rule, an ISO-8601 duration (<c>"PT30M"</c>, <c>"P2D"</c>) or
/// seconds (<c>1800</c> or <c>"1800"</c>), more than 0 and at most 31 days.</item>
/// <item><see cref="Floor"/>, <see cref="MinCount"/>: of a <c>structuring</c> rule. <see cref="MaxCount"/>, <see cref="MaxAmount"/>: of a <c>velocity</c> rule.</item>
/// <item><see cref="Severity"/>, <see cref="Enabled"/>: any rule.</item>
/// </list>
/// Amounts (threshold, floor, maxAmount) are at most <see cref="AmountBounds.MaxAmount"/> with at most
/// <see cref="AmountBounds.MaxDecimalPlaces"/> decimals; minCount at most 10,000, maxCount at most 1,000,000 (as in packs).
/// A field that does not fit the rule's kind, or a value out of range, is an <see cref="ArgumentException"/> naming rule and field.
/// </remarks>
public sealed record RuleOverride(
    bool? Enabled = null,
    decimal? Threshold = null,
    Severity? Severity = null,
    [property: JsonConverter(typeof(WindowTextJsonConverter))] string? Window = null,
    decimal? Floor = null,
    int? MinCount = null,
    int? MaxCount = null,
    decimal? MaxAmount = null)
{
    /// <summary>The rule with this override applied.</summary>
    /// <exception cref="ArgumentException">A field is out of range or the rule kind has no such field.</exception>
    public RuleDefinition ApplyTo(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var result = rule;
        if (Enabled is { } enabled)
            result = result with { Enabled = enabled };
        if (Severity is { } severity)
            result = result with { Severity = severity };
        if (Threshold is { } threshold)
            result = result with { Parameters = WithThreshold(rule, result.Parameters, threshold) };
        if (Window is { } window)
            result = result with { Parameters = WithWindow(rule, result.Parameters, ParseWindow(rule, window)) };
        if (Floor is { } floor)
            result = result with { Parameters = result.Parameters is StructuringParameters s ? s with { Floor = Bounded(rule, "floor", floor) } : throw NotFor(rule, "floor") };
        if (MinCount is { } minCount)
            result = result with
            {
                Parameters = result.Parameters is StructuringParameters s
                    ? minCount is >= 2 and <= RuleParametersReader.MaxMinCount
                        ? s with { MinCount = minCount }
                        : throw Fail(rule, "minCount", $"must be from 2 to {RuleParametersReader.MaxMinCount}, got {minCount}")
                    : throw NotFor(rule, "minCount"),
            };
        if (MaxCount is { } maxCount)
            result = result with
            {
                Parameters = result.Parameters is VelocityParameters v
                    ? maxCount is >= 1 and <= RuleParametersReader.MaxMaxCount
                        ? v with { MaxCount = maxCount }
                        : throw Fail(rule, "maxCount", $"must be from 1 to {RuleParametersReader.MaxMaxCount}, got {maxCount}")
                    : throw NotFor(rule, "maxCount"),
            };
        if (MaxAmount is { } maxAmount)
            result = result with
            {
                Parameters = result.Parameters is VelocityParameters v
                    ? maxAmount > 0 ? v with { MaxAmount = Bounded(rule, "maxAmount", maxAmount) } : throw Fail(rule, "maxAmount", $"must be > 0, got {maxAmount}")
                    : throw NotFor(rule, "maxAmount"),
            };
        if (result.Parameters is StructuringParameters p && !(p.Floor >= 0 && p.Floor < p.Threshold))
            throw Fail(rule, Floor is null ? "threshold" : "floor", $"the floor ({p.Floor}) must be >= 0 and below the threshold ({p.Threshold})");
        return result;
    }

    private static RuleParameters WithThreshold(RuleDefinition rule, RuleParameters parameters, decimal threshold) => parameters switch
    {
        ThresholdParameters p when threshold > 0 => p with { Amount = Bounded(rule, "threshold", threshold) },
        ThresholdParameters => throw Fail(rule, "threshold", $"must be > 0, got {threshold}"),
        StructuringParameters p when threshold > 0 => p with { Threshold = Bounded(rule, "threshold", threshold) },
        StructuringParameters => throw Fail(rule, "threshold", $"must be > 0, got {threshold}"),
        TravelRuleParameters p when threshold >= 0 => p with { Amount = Bounded(rule, "threshold", threshold) },
        TravelRuleParameters => throw Fail(rule, "threshold", $"must be >= 0 (0: any amount), got {threshold}"),
        ModelScoreParameters p when threshold is >= 0 and <= 1 => p with { Threshold = (double)threshold },
        ModelScoreParameters => throw Fail(rule, "threshold", $"score threshold must be within 0..1, got {threshold}"),
        _ => throw new ArgumentException($"override for rule '{rule.Id}': a {rule.Kind} rule has no threshold to override"),
    };

    private static RuleParameters WithWindow(RuleDefinition rule, RuleParameters parameters, TimeSpan window) => parameters switch
    {
        StructuringParameters p => p with { Window = window },
        VelocityParameters p => p with { Window = window },
        _ => throw NotFor(rule, "window"),
    };

    private static TimeSpan ParseWindow(RuleDefinition rule, string text) =>
        DurationText.TryParse(text, out var window) && window > TimeSpan.Zero && window <= RuleParametersReader.MaxWindow
            ? window
            : throw Fail(rule, "window", $"must be an ISO-8601 duration (PT10M, P1D) or seconds, > 0 and at most 31 days, got '{text}'");

    /// <summary>
    /// An amount within <see cref="AmountBounds"/>: a rule's arithmetic runs in cents of a long, so a value the monitor
    /// could not compute with is refused here, naming the rule and the field, rather than breaking a running grain.
    /// </summary>
    private static decimal Bounded(RuleDefinition rule, string field, decimal amount) =>
        amount > AmountBounds.MaxAmount
            ? throw Fail(rule, field, $"must be at most {AmountBounds.MaxAmountText}, got {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
            : AmountBounds.HasAllowedScale(amount)
                ? amount
                : throw Fail(rule, field, $"must have at most {AmountBounds.MaxDecimalPlaces} decimal places, got {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static ArgumentException Fail(RuleDefinition rule, string field, string reason) =>
        new($"override for rule '{rule.Id}': {field} {reason}");

    private static ArgumentException NotFor(RuleDefinition rule, string field) =>
        new($"override for rule '{rule.Id}': a {rule.Kind} rule has no {field} to override");
}
