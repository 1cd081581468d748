namespace Lepton.Monitor.Rules;

/// <summary>
/// A tenant's changes to the shipped packs, keyed by rule id (ids are unique across packs, e.g. <c>us-cash-ctr</c>).
/// JSON shape (camelCase): <c>{ "rules": { "us-cash-ctr": { "threshold": 5000, "severity": "critical" }, "us-model-risk": { "enabled": false } } }</c>.
/// </summary>
public sealed record RuleOverrides(IReadOnlyDictionary<string, RuleOverride> Rules)
{
    public static RuleOverrides Empty { get; } = new(new Dictionary<string, RuleOverride>());
}
