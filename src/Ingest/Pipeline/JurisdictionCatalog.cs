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
        return unknown.Count == 0 ? null : $"overrides.rules: unknown rule id(s) {string.Join(", ", unknown)}";
    }
}
