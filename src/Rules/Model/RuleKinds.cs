namespace Lepton.Monitor.Rules;

/// <summary>
/// The rule kinds this engine implements, spelled as in pack files and in an alert's <c>ruleKind</c> (PRODUCT.md §4).
/// A pack naming any other kind is refused at load time rather than silently ignored.
/// </summary>
public static class RuleKinds
{
    public const string Threshold = "threshold";
    public const string SanctionedCountry = "sanctioned-country";
    public const string ModelScore = "model-score";
    public const string Structuring = "structuring";
    public const string Velocity = "velocity";
    public const string HighRiskCountry = "high-risk-country";
    public const string TravelRule = "travel-rule";
    public const string CrossBorderDataTransfer = "cross-border-data-transfer";
    public const string PiiInText = "pii-in-text";

    public static IReadOnlyList<string> All { get; } =
        [Threshold, SanctionedCountry, ModelScore, Structuring, Velocity, HighRiskCountry, TravelRule, CrossBorderDataTransfer, PiiInText];

    /// <summary>Kinds decided by data alone (no model), for which a generated plant has an exact ground truth.</summary>
    public static IReadOnlyList<string> Deterministic { get; } =
        [Threshold, SanctionedCountry, Structuring, Velocity, HighRiskCountry, TravelRule, CrossBorderDataTransfer, PiiInText];

    public static bool IsKnown(string kind) => kind is Threshold or SanctionedCountry or ModelScore or Structuring or Velocity
        or HighRiskCountry or TravelRule or CrossBorderDataTransfer or PiiInText;
}
