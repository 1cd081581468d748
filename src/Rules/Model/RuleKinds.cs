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

    public static IReadOnlyList<string> All { get; } = [Threshold, SanctionedCountry, ModelScore];

    public static bool IsKnown(string kind) => kind is Threshold or SanctionedCountry or ModelScore;
}
