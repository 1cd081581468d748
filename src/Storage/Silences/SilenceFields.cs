using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The alert fields a silence may match on and how each reads from an alert. kind and severity are closed sets (their
/// API spelling); the others are open text. Every alert has a non-empty value for each of them.
/// </summary>
public static class SilenceFields
{
    public const string Jurisdiction = "jurisdiction";
    public const string RuleId = "ruleId";
    public const string RuleKind = "ruleKind";
    public const string Kind = "kind";
    public const string Severity = "severity";
    public const string Entity = "entity";

    public static readonly IReadOnlyList<string> Names = [Jurisdiction, RuleId, RuleKind, Kind, Severity, Entity];

    private static readonly string[] Kinds = Enum.GetValues<AlertKind>().Select(StoredEnums.ToText).ToArray();
    private static readonly string[] Severities = Enum.GetValues<Contracts.Severity>().Select(StoredEnums.ToText).ToArray();

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Every value the field can take when it is a closed set (kind, severity); null for open text fields.</summary>
    public static IReadOnlyList<string>? Domain(string name) => name switch
    {
        Kind => Kinds,
        Severity => Severities,
        _ => null,
    };

    /// <summary>The alert's value of <paramref name="name"/> as a matcher sees it (kind and severity in their API spelling).</summary>
    public static string Read(Alert alert, string name) => name switch
    {
        Jurisdiction => alert.Jurisdiction,
        RuleId => alert.RuleId,
        RuleKind => alert.RuleKind,
        Kind => StoredEnums.ToText(alert.Kind),
        Severity => StoredEnums.ToText(alert.Severity),
        Entity => alert.Entity,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a silence field"),
    };
}
