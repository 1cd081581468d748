using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Board.Context;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/entities/{entity}: one pseudonymized entity's timeline (records, alerts, dispositions) within the caller's tenant.</summary>
public static class EntitiesApi
{
    public static RouteGroupBuilder MapEntitiesApi(this RouteGroupBuilder v1)
    {
        // It lists the entity's records, so it needs what GET /v1/alerts/{id}/records needs.
        v1.MapGet("/entities/{entity}", Timeline).RequireAuthorization(Roles.Policies.ReadTenantData);
        return v1;
    }

    public static async Task<Results<Ok<EntityTimeline>, BadRequest<ApiError>, NotFound<ApiError>>> Timeline(
        HttpContext http, IAlertContextReader context, string entity, string? tenant, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        // Pseudonyms are keyed per tenant, so an entity only means something within one.
        var scope = caller.ScopeFilter(tenant);
        if (scope is null)
            return TypedResults.BadRequest(new ApiError("tenant: required for a key that is not scoped to one tenant"));
        if (!caller.CanAccess(scope) || (tenant is not null && tenant != scope))
            return TypedResults.NotFound(new ApiError($"entity '{entity}' not found"));
        return TypedResults.Ok(await EntityTimeline.BuildAsync(scope, entity, context, ct));
    }
}
