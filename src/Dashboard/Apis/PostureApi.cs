using Lepton.Monitor.Compliance.Posture;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Apis.AlertActions;
using Lepton.Monitor.Dashboard.Apis.Posture;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// /v1/posture (issue 21 item 4): the risk posture per tenant × jurisdiction after the AMLA draft RTS method — GET computes
/// (and records a snapshot of) each enabled jurisdiction's posture; history, data points, weights and overrides beside it.
/// Reads: admin and analyst of the tenant; changes: the same roles, every one audited.
/// </summary>
public static class PostureApi
{
    public const int MaxHistory = 500;

    public static RouteGroupBuilder MapPostureApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/posture", Get).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapGet("/posture/history", History).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapGet("/posture/datapoints", GetDataPoints).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapPut("/posture/datapoints", PutDataPoints).RequireAuthorization(Roles.Policies.ActOnAlerts);
        v1.MapGet("/posture/weights", GetWeights).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapPut("/posture/weights", PutWeights).RequireAuthorization(Roles.Policies.ActOnAlerts);
        v1.MapGet("/posture/overrides", ListOverrides).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapPost("/posture/overrides", AddOverride).RequireAuthorization(Roles.Policies.ActOnAlerts);
        return v1;
    }

    public static async Task<IResult> Get(HttpContext http, ITenantStore tenants, PostureService posture, IGrainFactory grains, string? tenant, string? jurisdiction)
    {
        if (!TryScope(http, tenants, tenant, jurisdiction, out var info, out var jurisdictions, out var refusal))
            return refusal;
        var (assessed, skipped) = await posture.AssessAsync(info.Id, jurisdictions, await ModelsWithoutCurrentCardAsync(grains, info.Id), http.RequestAborted);
        return Results.Json(new PostureAnswer(assessed, skipped, null), ComplianceJson.Options);
    }

    public static async Task<IResult> History(HttpContext http, ITenantStore tenants, PostureService posture, string? tenant, string? jurisdiction, int? limit)
    {
        if (!TryScope(http, tenants, tenant, jurisdiction, out var info, out _, out var refusal))
            return refusal;
        if (limit is < 1 or > MaxHistory)
            return TypedResults.BadRequest(new ApiError($"limit: 1..{MaxHistory}"));
        var items = await posture.HistoryAsync(info.Id, jurisdiction?.ToUpperInvariant(), limit ?? 100, http.RequestAborted);
        return Results.Json(new Page<PostureAssessment>(items, null), ComplianceJson.Options);
    }

    public static async Task<IResult> GetDataPoints(HttpContext http, ITenantStore tenants, PostureService posture, string? tenant, string? jurisdiction)
    {
        if (jurisdiction is null)
            return TypedResults.BadRequest(new ApiError("jurisdiction: required"));
        if (!TryScope(http, tenants, tenant, jurisdiction, out var info, out var scoped, out var refusal))
            return refusal;
        return await posture.GetDataPointsAsync(info.Id, scoped[0], http.RequestAborted) is { } data
            ? Results.Json(data, ComplianceJson.Options)
            : TypedResults.NotFound(new ApiError($"no data points reported for {scoped[0]}"));
    }

    public static async Task<IResult> PutDataPoints(HttpContext http, ITenantStore tenants, PostureService posture, DataPointsRequest body)
    {
        if (body.Jurisdiction is null)
            return TypedResults.BadRequest(new ApiError("jurisdiction: required"));
        if (!TryScope(http, tenants, body.Tenant, body.Jurisdiction, out var info, out var scoped, out var refusal))
            return refusal;
        var data = body.ToDataPoints();
        var errors = await posture.SetDataPointsAsync(info.Id, scoped[0], data, AlertActor.Of(http.User), http.RequestAborted);
        return errors.Count > 0 ? TypedResults.BadRequest(new ApiError(string.Join("; ", errors))) : Results.Json(data, ComplianceJson.Options);
    }

    public static async Task<IResult> GetWeights(HttpContext http, ITenantStore tenants, PostureService posture, string? tenant)
    {
        if (!TryScope(http, tenants, tenant, null, out var info, out _, out var refusal))
            return refusal;
        return Results.Json(await posture.GetWeightsAsync(info.Id, http.RequestAborted), ComplianceJson.Options);
    }

    public static async Task<IResult> PutWeights(HttpContext http, ITenantStore tenants, PostureService posture, WeightsRequest body)
    {
        if (!TryScope(http, tenants, body.Tenant, null, out var info, out _, out var refusal))
            return refusal;
        if (!body.TryToWeights(out var weights, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        var errors = await posture.SetWeightsAsync(info.Id, weights, AlertActor.Of(http.User), http.RequestAborted);
        return errors.Count > 0 ? TypedResults.BadRequest(new ApiError(string.Join("; ", errors))) : Results.Json(weights, ComplianceJson.Options);
    }

    public static async Task<IResult> ListOverrides(HttpContext http, ITenantStore tenants, PostureService posture, string? tenant)
    {
        if (!TryScope(http, tenants, tenant, null, out var info, out _, out var refusal))
            return refusal;
        return Results.Json(new Page<PostureOverride>(await posture.ListOverridesAsync(info.Id, http.RequestAborted), null), ComplianceJson.Options);
    }

    public static async Task<IResult> AddOverride(HttpContext http, ITenantStore tenants, PostureService posture, IGrainFactory grains, OverrideRequest body)
    {
        if (body.Jurisdiction is null)
            return TypedResults.BadRequest(new ApiError("jurisdiction: required"));
        if (!TryScope(http, tenants, body.Tenant, body.Jurisdiction, out var info, out var scoped, out var refusal))
            return refusal;
        if (!Enum.TryParse<RiskClass>(body.ToClass, ignoreCase: true, out var to) || !Enum.IsDefined(to) || int.TryParse(body.ToClass, out _))
            return TypedResults.BadRequest(new ApiError("toClass: one of low, medium, substantial, high"));
        if (body.ExpiresAt is not { } expiresAt)
            return TypedResults.BadRequest(new ApiError("expiresAt: required (RFC 3339)"));
        var (created, errors) = await posture.AddOverrideAsync(info.Id, scoped[0], to, body.Reason, expiresAt, AlertActor.Of(http.User),
            await ModelsWithoutCurrentCardAsync(grains, info.Id), http.RequestAborted);
        return created is null
            ? TypedResults.BadRequest(new ApiError(string.Join("; ", errors)))
            : Results.Json(created, ComplianceJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Models the tenant can serve whose card carries no held-out evaluation: a card that is not current evidence.</summary>
    private static async Task<int> ModelsWithoutCurrentCardAsync(IGrainFactory grains, string tenant) =>
        (await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListForAsync(tenant)).Count(m => m.Metrics.HeldOutRows <= 0);

    private static bool TryScope(HttpContext http, ITenantStore tenants, string? tenant, string? jurisdiction,
        out TenantInfo info, out string[] jurisdictions, out IResult refusal)
    {
        jurisdictions = [];
        if (!TenantScope.TryResolve(Caller.From(http.User), tenant, tenants, out info, out refusal))
            return false;
        jurisdictions = info.Jurisdictions;
        if (jurisdiction is null)
            return true;
        var code = jurisdiction.ToUpperInvariant();
        if (!info.Jurisdictions.Contains(code))
        {
            refusal = TypedResults.NotFound(new ApiError($"jurisdiction '{jurisdiction}' is not enabled for tenant '{info.Id}'"));
            return false;
        }
        jurisdictions = [code];
        return true;
    }
}
