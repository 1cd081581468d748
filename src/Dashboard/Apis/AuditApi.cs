using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/audit (the append-only change log, tenant-scoped) and GET /v1/audit/verify (recompute the hash chain).</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/audit", List).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapGet("/audit/verify", Verify).RequireAuthorization(Roles.Policies.ReadTenantData);
        return v1;
    }

    public static async Task<Results<Ok<Page<AuditEntry>>, BadRequest<ApiError>>> List(
        HttpContext http, IAuditLog audit, string? tenant, int? pageSize, string? cursor)
    {
        var caller = Caller.From(http.User);
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (caller.Tenant is not null && tenant is not null && tenant != caller.Tenant)
            return TypedResults.Ok(new Page<AuditEntry>([], null));
        return TypedResults.Ok(await audit.ListAsync(caller.ScopeFilter(tenant), size, cursor));
    }

    /// <summary>
    /// The whole chain is verified (one tenant's entries alone cannot be: the chain runs through all of them), but a
    /// tenant-scoped key hears only about its own tenant's entries: other tenants' counts and seqs are theirs.
    /// </summary>
    public static async Task<Ok<AuditVerification>> Verify(HttpContext http, IAuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        return TypedResults.Ok(caller.Tenant is null ? await audit.VerifyAsync(ct) : await audit.VerifyForTenantAsync(caller.Tenant, ct));
    }
}
