using System.Text.Json;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest;

/// <summary>The jurisdictions that have a rule pack (the targets records are routed to) and the rules tenants may tune.</summary>
public sealed class JurisdictionCatalog(RulePackSet packs)
{
    public IReadOnlySet<string> Jurisdictions { get; } = packs.Jurisdictions;

    /// <summary>Null when a tenant's overrides name only known rules with well-formed values, else the reason.</summary>
    public string? CheckOverrides(JsonElement? overrides)
    {
        if (overrides is not { ValueKind: JsonValueKind.Object } json)
            return overrides is null || overrides.Value.ValueKind == JsonValueKind.Null ? null : "overrides: must be an object";
        RuleOverrides? parsed;
        try
        {
            parsed = json.Deserialize<RuleOverrides>(JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return $"overrides: {e.Message}";
        }
        if (parsed?.Rules is null)
            return null;
        var unknown = packs.FindUnknownRuleIds(parsed);
        if (unknown.Count > 0)
            return $"overrides.rules: unknown rule id(s) {string.Join(", ", unknown)}";
        // Apply to every pack now, so a value that does not fit its rule is refused here instead of in a running grain.
        foreach (var jurisdiction in packs.Jurisdictions)
        {
            try
            {
                _ = packs.Get(jurisdiction).WithOverrides(parsed);
            }
            catch (ArgumentException e)
            {
                return $"overrides: {e.Message}";
            }
        }
        return null;
    }
}
