using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>
/// A tenant (PRODUCT.md §6 <c>POST /v1/tenants</c>): its enabled jurisdictions and rule overrides
/// (kept as raw JSON; the rules engine owns their meaning).
/// </summary>
public sealed record TenantInfo(string Id, string Name, string[] Jurisdictions, JsonElement? Overrides, DateTimeOffset CreatedAt);
