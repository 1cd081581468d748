using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/dead-letters: every rejected record with its reason (PII already redacted before storage).</summary>
public static class DeadLettersApi
{
    public static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/dead-letters", List).RequireAuthorization(Roles.Policies.ReadTenantData);
        return v1;
    }

    public static async Task<Results<Ok<Page<DeadLetterEntry>>, BadRequest<ApiError>>> List(
        HttpContext http, IDeadLetterStore store, string? tenant, int? pageSize, string? cursor)
    {
        var caller = Caller.From(http.User);
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (caller.Tenant is not null && tenant is not null && tenant != caller.Tenant)
            return TypedResults.Ok(new Page<DeadLetterEntry>(Array.Empty<DeadLetterEntry>(), null));
        return TypedResults.Ok(await store.ListAsync(caller.ScopeFilter(tenant), size, cursor));
    }
}
