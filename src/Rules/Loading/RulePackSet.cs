using System.Collections.Frozen;

namespace Lepton.Monitor.Rules;

/// <summary>The packs a silo runs with, one per jurisdiction. Immutable and safe to share between grains.</summary>
public sealed class RulePackSet
{
    /// <summary>Where packs sit relative to the application's base directory (copied there by the Rules project).</summary>
    public const string DefaultFolder = "Packs";

    private readonly FrozenDictionary<string, RulePack> _packs;

    public RulePackSet(IEnumerable<RulePack> packs)
    {
        ArgumentNullException.ThrowIfNull(packs);
        var byJurisdiction = new Dictionary<string, RulePack>(StringComparer.OrdinalIgnoreCase);
        foreach (var pack in packs)
        {
            if (!byJurisdiction.TryAdd(pack.Jurisdiction, pack))
                throw new ArgumentException($"two packs for jurisdiction '{pack.Jurisdiction}'", nameof(packs));
        }
        _packs = byJurisdiction.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Jurisdictions = _packs.Keys.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Loads the packs shipped next to the application: <c>AppContext.BaseDirectory/Packs</c>.</summary>
    /// <exception cref="RulePackException">A pack is missing or invalid.</exception>
    public static RulePackSet LoadDefault() =>
        RulePackLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, DefaultFolder));

    /// <summary>Jurisdiction codes that have a pack (case-insensitive).</summary>
    public IReadOnlySet<string> Jurisdictions { get; }

    public IEnumerable<RulePack> Packs => _packs.Values;

    /// <exception cref="KeyNotFoundException">No pack for <paramref name="jurisdiction"/>.</exception>
    public RulePack Get(string jurisdiction) =>
        _packs.TryGetValue(jurisdiction, out var pack)
            ? pack
            : throw new KeyNotFoundException(
                $"no rule pack for jurisdiction '{jurisdiction}' (have: {string.Join(", ", _packs.Keys.Order(StringComparer.Ordinal))})");

    public bool TryGet(string jurisdiction, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RulePack? pack) =>
        _packs.TryGetValue(jurisdiction, out pack);

    /// <summary>
    /// Override ids that name no rule in any pack, so a tenant admin API can refuse a typo instead of silently
    /// keeping the shipped rule (<see cref="RulePack.WithOverrides"/> ignores ids of other packs by design).
    /// </summary>
    public IReadOnlyList<string> FindUnknownRuleIds(RuleOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var unknown = new List<string>();
        foreach (var id in overrides.Rules.Keys)
        {
            var found = false;
            foreach (var pack in _packs.Values)
            {
                if (pack.FindRule(id) is not null)
                {
                    found = true;
                    break;
                }
            }
            if (!found)
                unknown.Add(id);
        }
        return unknown;
    }
}
