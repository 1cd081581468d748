using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// The one tenant a per-tenant route answers for: the key's own tenant, or the one an unscoped admin named. A scoped
/// key naming another tenant, or a tenant that does not exist, is "not found" (never a hint that it exists).
/// </summary>
public static class TenantScope
{
    public static bool TryResolve(Caller caller, string? requested, ITenantStore tenants, out TenantInfo info, out IResult refusal)
    {
        info = null!;
        refusal = null!;
        if (caller.Tenant is not null && requested is not null && requested != caller.Tenant)
        {
            refusal = TypedResults.NotFound(new ApiError($"tenant '{requested}' not found"));
            return false;
        }
        var id = caller.ScopeFilter(requested);
        if (id is null)
        {
            refusal = TypedResults.BadRequest(new ApiError("tenant: required"));
            return false;
        }
        if (!caller.CanAccess(id) || tenants.Snapshot.GetValueOrDefault(id) is not { } found)
        {
            refusal = TypedResults.NotFound(new ApiError($"tenant '{id}' not found"));
            return false;
        }
        info = found;
        return true;
    }
}
