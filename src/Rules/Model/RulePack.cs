namespace Lepton.Monitor.Rules;

/// <summary>
/// A jurisdiction's rules as data: its rules, the lists they refer to and the currency amounts are compared in.
/// Immutable; <see cref="WithOverrides"/> returns a new pack for a tenant.
/// </summary>
public sealed class RulePack
{
    private readonly Dictionary<string, RuleDefinition> _rulesById;

    public RulePack(
        string jurisdiction,
        string name,
        string currency,
        string version,
        IReadOnlyDictionary<string, ReferenceList> lists,
        IReadOnlyList<RuleDefinition> rules,
        string? description = null,
        string? sourcePath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(rules);

        // The loader reports these with file and line; the checks here keep hand-built packs honest too.
        _rulesById = new Dictionary<string, RuleDefinition>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!_rulesById.TryAdd(rule.Id, rule))
                throw new ArgumentException($"pack {jurisdiction}: duplicate rule id '{rule.Id}'", nameof(rules));
            if (string.IsNullOrWhiteSpace(rule.LegalSource))
                throw new ArgumentException($"pack {jurisdiction}: rule '{rule.Id}' has no legal source", nameof(rules));
            foreach (var list in ListsUsedBy(rule.Parameters))
            {
                if (!lists.ContainsKey(list))
                    throw new ArgumentException($"pack {jurisdiction}: rule '{rule.Id}' refers to unknown list '{list}'", nameof(rules));
            }
        }

        Jurisdiction = jurisdiction;
        Name = name;
        Currency = currency;
        Version = version;
        Lists = lists;
        Rules = rules;
        Description = description;
        SourcePath = sourcePath;
    }

    /// <summary>Jurisdiction code, e.g. <c>US</c>, <c>EU</c>, <c>GLOBAL</c>.</summary>
    public string Jurisdiction { get; }

    public string Name { get; }

    /// <summary>ISO 4217 code amounts are compared in unless a rule names its own.</summary>
    public string Currency { get; }

    /// <summary>Edition of the pack (a date), logged and shown so an alert can be traced to the rules that raised it.</summary>
    public string Version { get; }

    public string? Description { get; }

    public IReadOnlyDictionary<string, ReferenceList> Lists { get; }

    /// <summary>All rules in file order, disabled ones included (the engine skips those).</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; }

    /// <summary>The file the pack was loaded from, when it was.</summary>
    public string? SourcePath { get; }

    /// <summary>The pack lists a rule's parameters name.</summary>
    public static IEnumerable<string> ListsUsedBy(RuleParameters parameters) => parameters switch
    {
        SanctionedCountryParameters p => [p.List],
        HighRiskCountryParameters p => p.Lists.Select(l => l.List),
        CrossBorderDataTransferParameters p => [p.ProtectedRegions, p.AdequateRegions],
        _ => [],
    };

    public RuleDefinition? FindRule(string id) => _rulesById.GetValueOrDefault(id);

    /// <summary>
    /// This pack with a tenant's overrides applied. Overrides naming rules of other packs are ignored here, because a
    /// tenant's overrides cover all its jurisdictions; use <see cref="RulePackSet.FindUnknownRuleIds"/> to catch typos.
    /// </summary>
    /// <exception cref="ArgumentException">An override does not fit its rule (e.g. a threshold for a list rule).</exception>
    public RulePack WithOverrides(RuleOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (overrides.Rules.Count == 0)
            return this;

        var rules = new RuleDefinition[Rules.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = Rules[i];
            rules[i] = overrides.Rules.TryGetValue(rule.Id, out var o) ? o.ApplyTo(rule) : rule;
        }
        return new RulePack(Jurisdiction, Name, Currency, Version, Lists, rules, Description, SourcePath);
    }
}
