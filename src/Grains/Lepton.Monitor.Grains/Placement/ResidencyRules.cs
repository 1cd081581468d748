using Lepton.Monitor.Contracts;
using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// The data residency rules, <c>Lepton:Residency:Rules:&lt;JURISDICTION&gt; = region[,region…]</c> (e.g. <c>EU = eu</c>).
/// Jurisdictions without a rule are unconstrained. Every silo of a cluster must carry the same rules: placement and
/// storage are decided on whichever silo handles the call.
/// </summary>
public sealed class ResidencyRules
{
    public const string Section = "Lepton:Residency:Rules";

    private readonly Dictionary<string, ResidencyRule> _byJurisdiction;

    public ResidencyRules(IEnumerable<ResidencyRule> rules) =>
        _byJurisdiction = rules.ToDictionary(r => r.Jurisdiction, StringComparer.OrdinalIgnoreCase);

    public static ResidencyRules Parse(IConfiguration rulesSection)
    {
        var rules = new List<ResidencyRule>();
        foreach (var child in rulesSection.GetChildren())
        {
            var regions = (child.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // An empty list would quietly mean "nowhere"; a typo should stop the start, not every call.
            if (regions.Length == 0)
                throw new InvalidOperationException($"{Section}:{child.Key} names no region; give one or more, comma-separated (e.g. 'eu').");
            rules.Add(new ResidencyRule(child.Key, regions));
        }
        return new ResidencyRules(rules);
    }

    public bool IsEmpty => _byJurisdiction.Count == 0;

    public IReadOnlyCollection<ResidencyRule> All => _byJurisdiction.Values;

    public ResidencyRule? ForJurisdiction(string jurisdiction) => _byJurisdiction.GetValueOrDefault(jurisdiction);

    /// <summary>
    /// The rule for a grain keyed <c>tenant/jurisdiction[/shard]</c>; null for grains with other keys (the model
    /// catalog, …) and for jurisdictions without a rule.
    /// </summary>
    public ResidencyRule? ForGrain(GrainId grainId)
    {
        if (IsEmpty)
            return null;
        var key = grainId.Key.ToString();
        if (key is null || key.IndexOf('/') <= 0 || key.EndsWith('/'))
            return null;
        return ForJurisdiction(MonitorKey.Parse(key).Jurisdiction);
    }

    /// <summary>Home regions of the jurisdictions a silo of <paramref name="siloRegion"/> may host: the stores it needs.</summary>
    public IEnumerable<string> HomeRegionsHostedBy(string? siloRegion) =>
        _byJurisdiction.Values.Where(r => r.Allows(siloRegion)).Select(r => r.HomeRegion).Distinct(StringComparer.OrdinalIgnoreCase);
}
