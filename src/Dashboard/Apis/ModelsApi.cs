using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET|POST /v1/models: the servable model versions and uploads (admin); /v1/models/deployments: which version serves
/// at which stage for a tenant and jurisdiction, promote/demote (admin) and rollback (admin). Every change is audited.
/// </summary>
public static class ModelsApi
{
    /// <summary>An upload: the .onnx file base64-encoded and its model card as JSON.</summary>
    public sealed record UploadRequest(string? Onnx, JsonElement? Card);

    public sealed record StageRequest(string? Tenant, string? Jurisdiction, string? ModelId, ModelStage? Stage, double? CanaryShare);

    public sealed record RollbackRequest(string? Tenant, string? Jurisdiction);

    /// <summary>A (tenant, jurisdiction)'s deployments with what each model did since its monitor activated.</summary>
    public sealed record DeploymentsView(ModelDeployments Deployments, ModelServingStats[] Stats);

    public const int MaxUploadBytes = 64 * 1024 * 1024;

    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", List).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapPost("/models", Upload).RequireAuthorization(Roles.Policies.Admin)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUploadBytes * 4L / 3 + 1024 * 1024));
        v1.MapGet("/models/deployments", GetDeployments).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapGet("/models/{id}", Get).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapPost("/models/deployments", SetStage).RequireAuthorization(Roles.Policies.Admin);
        v1.MapPost("/models/deployments/rollback", Rollback).RequireAuthorization(Roles.Policies.Admin);
        return v1;
    }

    /// <summary>Global models plus the caller's tenant's own uploads; an unscoped caller names the tenant with <c>?tenant=</c>.</summary>
    public static async Task<Ok<Page<ModelSummary>>> List(HttpContext http, IGrainFactory grains, string? tenant) =>
        TypedResults.Ok(new Page<ModelSummary>(await Catalog(grains).ListForAsync(Caller.From(http.User).ScopeFilter(tenant)), null));

    /// <summary>One model the caller may see (as listed); another tenant's upload answers 404 like an unknown id.</summary>
    public static async Task<Results<Ok<ModelSummary>, NotFound<ApiError>>> Get(HttpContext http, IGrainFactory grains, string id, string? tenant)
    {
        var models = await Catalog(grains).ListForAsync(Caller.From(http.User).ScopeFilter(tenant));
        return models.FirstOrDefault(m => m.Id == id) is { } model
            ? TypedResults.Ok(model)
            : TypedResults.NotFound(new ApiError($"model '{id}' not found"));
    }

    public static async Task<Results<Created<ModelSummary>, Ok<ModelSummary>, BadRequest<ApiError>, Conflict<ApiError>>> Upload(
        HttpContext http, IGrainFactory grains, IAuditLog audit, UploadRequest request)
    {
        if (string.IsNullOrEmpty(request.Onnx))
            return TypedResults.BadRequest(new ApiError("onnx: required, the .onnx file as base64"));
        if (request.Card is not { ValueKind: JsonValueKind.Object } card)
            return TypedResults.BadRequest(new ApiError("card: required, the model card as a JSON object"));
        byte[] onnx;
        try
        {
            onnx = Convert.FromBase64String(request.Onnx);
        }
        catch (FormatException)
        {
            return TypedResults.BadRequest(new ApiError("onnx: not valid base64"));
        }
        if (onnx.Length > MaxUploadBytes)
            return TypedResults.BadRequest(new ApiError($"onnx: {onnx.Length} bytes; at most {MaxUploadBytes}"));

        // A tenant-scoped admin's upload belongs to its tenant; an unscoped admin's goes to the global catalog.
        var caller = Caller.From(http.User);
        var outcome = await Catalog(grains).UploadForAsync(onnx, JsonSerializer.SerializeToUtf8Bytes(card), caller.Tenant);
        switch (outcome.Status)
        {
            case ModelUploadStatus.Imported:
                await audit.AppendAsync(new AuditEvent(caller.KeyId, caller.Tenant, AuditActions.ModelUploaded, $"model/{outcome.Model!.Id}",
                    new { family = outcome.Model.Family, sha256 = outcome.Model.Sha256, metrics = outcome.Model.Metrics }));
                return TypedResults.Created($"/v1/models/{outcome.Model.Id}", outcome.Model);
            case ModelUploadStatus.AlreadyPresent:
                return TypedResults.Ok(outcome.Model!);
            case ModelUploadStatus.Conflict:
                return TypedResults.Conflict(new ApiError(outcome.Reason ?? "a model with this id already exists"));
            default:
                return TypedResults.BadRequest(new ApiError(outcome.Reason ?? "invalid model"));
        }
    }

    public static async Task<Results<Ok<DeploymentsView>, BadRequest<ApiError>, NotFound<ApiError>>> GetDeployments(
        HttpContext http, IGrainFactory grains, string? tenant, string? jurisdiction)
    {
        if (Target(http, tenant, jurisdiction) is not { } key)
            return Missing(tenant, jurisdiction) is { } bad ? TypedResults.BadRequest(bad) : TypedResults.NotFound(new ApiError($"tenant '{tenant}' not found"));
        var deployments = await grains.GetGrain<IModelRegistryGrain>(key).GetAsync();
        // Summed over the tenant's shards: they all serve this one registry's deployment.
        var shards = http.RequestServices.GetRequiredService<ITenantStore>().Snapshot.GetValueOrDefault(tenant!)?.Settings?.Shards ?? 1;
        var stats = await grains.GetGrain<IJurisdictionViewGrain>(key)
            .GetModelStatsAsync(Math.Clamp(shards, MonitorKey.MinShards, MonitorKey.MaxShards));
        return TypedResults.Ok(new DeploymentsView(deployments, stats));
    }

    public static async Task<Results<Ok<ModelDeployments>, BadRequest<ApiError>, NotFound<ApiError>>> SetStage(
        HttpContext http, IGrainFactory grains, IAuditLog audit, StageRequest request)
    {
        if (Target(http, request.Tenant, request.Jurisdiction) is not { } key)
            return Missing(request.Tenant, request.Jurisdiction) is { } bad ? TypedResults.BadRequest(bad) : TypedResults.NotFound(new ApiError($"tenant '{request.Tenant}' not found"));
        if (string.IsNullOrWhiteSpace(request.ModelId))
            return TypedResults.BadRequest(new ApiError("modelId: required"));
        if (request.Stage is not { } stage)
            return TypedResults.BadRequest(new ApiError("stage: required, one of production|canary|shadow|retired"));
        var caller = Caller.From(http.User);
        try
        {
            var result = await grains.GetGrain<IModelRegistryGrain>(key)
                .SetStageAsync(new ModelStageChange(request.ModelId, stage, request.CanaryShare ?? 0, caller.KeyId));
            await audit.AppendAsync(new AuditEvent(caller.KeyId, request.Tenant, AuditActions.ModelStageChanged, $"models/{key}",
                new { modelId = request.ModelId, stage, canaryShare = request.CanaryShare, revision = result.Revision }));
            return TypedResults.Ok(result);
        }
        catch (ArgumentException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    public static async Task<Results<Ok<ModelDeployments>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>>> Rollback(
        HttpContext http, IGrainFactory grains, IAuditLog audit, RollbackRequest request)
    {
        if (Target(http, request.Tenant, request.Jurisdiction) is not { } key)
            return Missing(request.Tenant, request.Jurisdiction) is { } bad ? TypedResults.BadRequest(bad) : TypedResults.NotFound(new ApiError($"tenant '{request.Tenant}' not found"));
        var caller = Caller.From(http.User);
        try
        {
            var result = await grains.GetGrain<IModelRegistryGrain>(key).RollbackAsync(caller.KeyId);
            await audit.AppendAsync(new AuditEvent(caller.KeyId, request.Tenant, AuditActions.ModelRolledBack, $"models/{key}",
                new { production = result.Production.ModelId, revision = result.Revision }));
            return TypedResults.Ok(result);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Conflict(new ApiError(e.Message));
        }
    }

    private static IModelCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);

    /// <summary>The registry key when the caller may see the tenant and the tenant enables the jurisdiction; else null.</summary>
    private static string? Target(HttpContext http, string? tenant, string? jurisdiction)
    {
        if (Missing(tenant, jurisdiction) is not null || !Caller.From(http.User).CanAccess(tenant))
            return null;
        var tenants = http.RequestServices.GetRequiredService<ITenantStore>();
        var info = tenants.Snapshot.GetValueOrDefault(tenant!);
        var code = jurisdiction!.ToUpperInvariant();
        return info is not null && info.Jurisdictions.Contains(code) ? MonitorKey.For(tenant!, code) : null;
    }

    private static ApiError? Missing(string? tenant, string? jurisdiction) =>
        string.IsNullOrWhiteSpace(tenant) ? new ApiError("tenant: required")
        : string.IsNullOrWhiteSpace(jurisdiction) ? new ApiError("jurisdiction: required") : null;
}
