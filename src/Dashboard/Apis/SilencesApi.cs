using Lepton.Monitor.Dashboard.Apis.AlertActions;
using Lepton.Monitor.Dashboard.Apis.Silences;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET|POST|DELETE /v1/silences and POST /v1/silences/preview (PRODUCT.md §6, Alertmanager's shape). Reading is for
/// every role that reads alerts; creating, previewing and expiring for admin and analyst. Always within the caller's
/// tenant: another tenant's silence answers 404.
/// </summary>
public static class SilencesApi
{
    public static RouteGroupBuilder MapSilencesApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/silences", List).RequireAuthorization(Roles.Policies.ReadAlerts);
        v1.MapGet("/silences/{id}", Get).RequireAuthorization(Roles.Policies.ReadAlerts);
        v1.MapPost("/silences", Create).RequireAuthorization(Roles.Policies.ManageSilences);
        v1.MapPost("/silences/preview", Preview).RequireAuthorization(Roles.Policies.ManageSilences);
        v1.MapDelete("/silences/{id}", Expire).RequireAuthorization(Roles.Policies.ManageSilences);
        return v1;
    }

    public static async Task<Results<Ok<Page<Silence>>, BadRequest<ApiError>>> List(
        HttpContext http, ISilenceStore store, string? tenant, string? state, int? pageSize, string? cursor)
    {
        var caller = Caller.From(http.User);
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error)
            || !EnumQuery.TryParse<SilenceState>("state", state, out var st, out error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (caller.Tenant is not null && tenant is not null && tenant != caller.Tenant)
            return TypedResults.Ok(new Page<Silence>([], null));
        return TypedResults.Ok(await store.ListAsync(new SilenceQuery(caller.ScopeFilter(tenant), st, size, cursor), http.RequestAborted));
    }

    public static async Task<Results<Ok<Silence>, NotFound<ApiError>>> Get(HttpContext http, ISilenceStore store, string id)
    {
        var silence = await store.GetAsync(id, http.RequestAborted);
        return silence is not null && Caller.From(http.User).CanAccess(silence.Tenant)
            ? TypedResults.Ok(silence)
            : TypedResults.NotFound(new ApiError($"silence '{id}' not found"));
    }

    public static async Task<Results<Created<Silence>, BadRequest<ApiError>, NotFound<ApiError>>> Create(
        HttpContext http, SilenceService silences, ITenantStore tenants, SilenceDraft? body)
    {
        var (draft, refusal) = await DraftAsync(http, tenants, body);
        if (draft is null)
            return refusal!.Status == StatusCodes.Status404NotFound ? TypedResults.NotFound(new ApiError(refusal.Error!)) : TypedResults.BadRequest(new ApiError(refusal.Error!));
        try
        {
            var silence = await silences.CreateAsync(draft, AlertActor.Of(http.User), http.RequestAborted);
            return TypedResults.Created($"/v1/silences/{silence.Id}", silence);
        }
        catch (SilenceValidationException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    /// <summary>Answers <c>{ items: [the open and acknowledged alerts it would suppress now], total }</c>; nothing is saved.</summary>
    public static async Task<Results<Ok<SilencePreview>, BadRequest<ApiError>, NotFound<ApiError>>> Preview(
        HttpContext http, SilenceService silences, ITenantStore tenants, SilenceDraft? body, int? pageSize)
    {
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        var (draft, refusal) = await DraftAsync(http, tenants, body);
        if (draft is null)
            return refusal!.Status == StatusCodes.Status404NotFound ? TypedResults.NotFound(new ApiError(refusal.Error!)) : TypedResults.BadRequest(new ApiError(refusal.Error!));
        try
        {
            return TypedResults.Ok(await silences.PreviewAsync(draft, size, http.RequestAborted));
        }
        catch (SilenceValidationException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    public static async Task<Results<Ok<Silence>, NotFound<ApiError>>> Expire(HttpContext http, ISilenceStore store, SilenceService silences, string id)
    {
        var existing = await store.GetAsync(id, http.RequestAborted);
        if (existing is null || !Caller.From(http.User).CanAccess(existing.Tenant))
            return TypedResults.NotFound(new ApiError($"silence '{id}' not found"));
        var expired = await silences.ExpireAsync(id, AlertActor.Of(http.User), http.RequestAborted);
        return expired is null ? TypedResults.NotFound(new ApiError($"silence '{id}' not found")) : TypedResults.Ok(expired);
    }

    /// <summary>The body with its tenant resolved for the caller and createdBy defaulted to the caller; or why not (400 or 404).</summary>
    private static async Task<(SilenceDraft? Draft, SilenceScope.Outcome? Refusal)> DraftAsync(HttpContext http, ITenantStore tenants, SilenceDraft? body)
    {
        if (body is null)
            return (null, new SilenceScope.Outcome(null, StatusCodes.Status400BadRequest, "body: required, { tenant, matchers, startsAt, endsAt, createdBy, comment }"));
        var scope = await SilenceScope.ResolveAsync(Caller.From(http.User), body.Tenant, tenants, http.RequestAborted);
        if (scope.Tenant is null)
            return (null, scope);
        var createdBy = string.IsNullOrWhiteSpace(body.CreatedBy) ? AlertActor.Of(http.User) : body.CreatedBy;
        return (body with { Tenant = scope.Tenant, CreatedBy = createdBy }, null);
    }
}
