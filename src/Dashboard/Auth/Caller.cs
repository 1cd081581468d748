using System.Security.Claims;

namespace Lepton.Monitor.Dashboard.Auth;

/// <summary>
/// Who is calling: role and tenant scope from the API key. A key scoped to tenant A never sees tenant B;
/// an unscoped admin sees every tenant.
/// </summary>
public sealed record Caller(string KeyId, string Role, string? Tenant)
{
    public const string TenantClaim = "lepton:tenant";

    public bool IsAdmin => Role == Roles.Admin;

    public bool CanAccess(string? tenant) => Tenant is null ? IsAdmin : string.Equals(Tenant, tenant, StringComparison.Ordinal);

    /// <summary>The tenant filter a list query runs with: the key's own tenant, or what an unscoped admin asked for.</summary>
    public string? ScopeFilter(string? requested) => Tenant ?? requested;

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindFirstValue(TenantClaim));
}
