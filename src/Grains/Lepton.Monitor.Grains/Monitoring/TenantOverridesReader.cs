using System.Runtime.CompilerServices;
using System.Text.Json;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// A tenant's rule overrides as the rules engine needs them, read from the tenant store's in-memory snapshot. The store
/// swaps the <see cref="TenantInfo"/> object on every change, so a reference comparison tells a grain that it must
/// rebuild its engine: overrides apply to running grains from their next batch, without a restart.
/// </summary>
public sealed class TenantOverridesReader(ITenantStore tenants)
{
    private readonly ConditionalWeakTable<TenantInfo, RuleOverrides> _parsed = new();

    /// <summary>The tenant's current entry (null when unknown); compare by reference to detect a change.</summary>
    public TenantInfo? Current(string tenant) => tenants.Snapshot.GetValueOrDefault(tenant);

    /// <summary>The parsed overrides of <paramref name="tenant"/> (empty when none).</summary>
    /// <exception cref="JsonException">The stored overrides are not a valid overrides object.</exception>
    public RuleOverrides OverridesOf(TenantInfo? tenant)
    {
        if (tenant?.Overrides is not { ValueKind: JsonValueKind.Object } json)
            return RuleOverrides.Empty;
        return _parsed.GetValue(tenant, _ => Parse(json));
    }

    public static RuleOverrides Parse(JsonElement json)
    {
        var parsed = json.Deserialize<RuleOverrides>(JsonSerializerOptions.Web);
        return parsed?.Rules is null ? RuleOverrides.Empty : parsed;
    }
}
