using System.Text.Json;
using System.Text.RegularExpressions;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET|POST /v1/tenants (admin): a tenant, its enabled jurisdictions and overrides.</summary>
public static partial class TenantsApi
{
    /// <param name="Settings">Optional; omitted keeps the stored settings (a new tenant gets the defaults).</param>
    public sealed record TenantRequest(string? Id, string? Name, string[]? Jurisdictions, JsonElement? Overrides, TenantSettingsRequest? Settings = null);

    /// <summary>Each setting is optional: one omitted keeps its stored (or default) value.</summary>
    /// <param name="Shards">Monitor grains per (tenant, jurisdiction), 1–64; applies from the next batch (entities that move restart their windows).</param>
    public sealed record TenantSettingsRequest(bool? FourEyesResolution, int? Shards = null);

    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/tenants", List).RequireAuthorization(Roles.Policies.Admin);
        v1.MapGet("/tenants/{id}", Get).RequireAuthorization(Roles.Policies.Admin);
        v1.MapPost("/tenants", Upsert).RequireAuthorization(Roles.Policies.Admin);
        return v1;
    }

    public static async Task<Results<Ok<Page<TenantInfo>>, BadRequest<ApiError>>> List(HttpContext http, ITenantStore tenants, int? pageSize, string? cursor)
    {
        var caller = Caller.From(http.User);
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (caller.Tenant is not null)
        {
            var own = await tenants.GetAsync(caller.Tenant);
            return TypedResults.Ok(new Page<TenantInfo>(own is null ? [] : [own], null));
        }
        return TypedResults.Ok(await tenants.ListAsync(size, cursor));
    }

    public static async Task<Results<Ok<TenantInfo>, NotFound<ApiError>>> Get(HttpContext http, ITenantStore tenants, string id)
    {
        var caller = Caller.From(http.User);
        var tenant = caller.CanAccess(id) ? await tenants.GetAsync(id) : null;
        return tenant is null ? TypedResults.NotFound(new ApiError($"tenant '{id}' not found")) : TypedResults.Ok(tenant);
    }

    public static async Task<Results<Ok<TenantInfo>, BadRequest<ApiError>, ForbidHttpResult>> Upsert(
        HttpContext http, ITenantStore tenants, JurisdictionCatalog catalog, IAuditLog audit, TimeProvider clock, TenantRequest request)
    {
        var caller = Caller.From(http.User);
        if (caller.Tenant is not null)
            return TypedResults.Forbid();
        if (request.Id is null || !TenantId().IsMatch(request.Id))
            return TypedResults.BadRequest(new ApiError("id: must match [a-z0-9-]{1,64}"));
        if (request.Jurisdictions is not { Length: > 0 })
            return TypedResults.BadRequest(new ApiError("jurisdictions: at least one is required"));
        foreach (var j in request.Jurisdictions)
        {
            if (!catalog.Jurisdictions.Contains(j))
                return TypedResults.BadRequest(new ApiError($"jurisdictions: no rule pack for '{j}' (known: {string.Join(", ", catalog.Jurisdictions.Order())})"));
        }
        if (catalog.CheckOverrides(request.Overrides) is { } overridesError)
            return TypedResults.BadRequest(new ApiError(overridesError));
        if (request.Settings?.Shards is { } shards and (< MonitorKey.MinShards or > MonitorKey.MaxShards))
            return TypedResults.BadRequest(new ApiError($"settings.shards: must be between {MonitorKey.MinShards} and {MonitorKey.MaxShards}, was {shards}"));
        var existing = await tenants.GetAsync(request.Id);
        var current = existing?.Settings ?? TenantSettings.Default;
        var settings = request.Settings is { } asked
            ? current with { FourEyesResolution = asked.FourEyesResolution ?? current.FourEyesResolution, Shards = asked.Shards ?? current.Shards }
            : null;
        var tenant = new TenantInfo(request.Id, request.Name ?? request.Id, request.Jurisdictions.Distinct().ToArray(),
            request.Overrides, existing?.CreatedAt ?? clock.GetUtcNow())
        {
            Settings = settings,
        };
        var stored = await tenants.UpsertAsync(tenant);
        // Who changed what: the overrides before and after, so a compliance officer can see every tuning of the rules.
        await audit.AppendAsync(new AuditEvent(caller.KeyId, stored.Id,
            existing is null ? AuditActions.TenantCreated : AuditActions.TenantUpdated, $"tenant/{stored.Id}",
            new
            {
                name = stored.Name,
                jurisdictions = stored.Jurisdictions,
                previousJurisdictions = existing?.Jurisdictions,
                overrides = stored.Overrides,
                previousOverrides = existing?.Overrides,
                settings = stored.Settings,
                previousSettings = existing?.Settings,
            }));
        return TypedResults.Ok(stored);
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex TenantId();
}
