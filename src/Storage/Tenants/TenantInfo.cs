using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>
/// A tenant (PRODUCT.md §6 <c>POST /v1/tenants</c>): its enabled jurisdictions and rule overrides
/// (kept as raw JSON; the rules engine owns their meaning).
/// </summary>
public sealed record TenantInfo(string Id, string Name, string[] Jurisdictions, JsonElement? Overrides, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The tenant's settings. On an upsert, null keeps what is stored (defaults for a new tenant), so callers that only
    /// know jurisdictions (the demo, benchmarks) never reset a setting; a stored tenant always has them.
    /// </summary>
    public TenantSettings? Settings { get; init; }}
