using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET /v1/parked (records a monitor could not check, waiting with their payload; tenant-scoped, payload never shown) and
/// POST /v1/parked/replay (admin: replay matching records now, answered record by record).
/// </summary>
public static class ParkedApi
{
    public sealed record ReplayRequest(string? Tenant, string? Jurisdiction, string[]? RecordIds);

    public static RouteGroupBuilder MapParkedApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/parked", List).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapPost("/parked/replay", Replay).RequireAuthorization(Roles.Policies.Admin);
        return v1;
    }

    public static async Task<Results<Ok<Page<ParkedEntry>>, BadRequest<ApiError>>> List(
        HttpContext http, IParkedRecordStore store, string? tenant, string? jurisdiction, bool? retryable, int? pageSize, string? cursor)
    {
        var caller = Caller.From(http.User);
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (caller.Tenant is not null && tenant is not null && tenant != caller.Tenant)
            return TypedResults.Ok(new Page<ParkedEntry>([], null));
        var filter = new ParkedRecordFilter(caller.ScopeFilter(tenant), jurisdiction, retryable);
        return TypedResults.Ok(await store.ListAsync(filter, size, cursor, http.RequestAborted));
    }

    public static async Task<Results<Ok<ParkedReplayReport>, BadRequest<ApiError>, NotFound<ApiError>>> Replay(
        HttpContext http, ParkedRecordReplayer replayer, IAuditLog audit, ReplayRequest? request)
    {
        var caller = Caller.From(http.User);
        request ??= new ReplayRequest(null, null, null);
        if (request.Tenant is not null && !caller.CanAccess(request.Tenant))
            return TypedResults.NotFound(new ApiError($"tenant '{request.Tenant}' not found"));
        if (request.RecordIds is { Length: > ParkedRecordFilter.MaxRecordIds })
            return TypedResults.BadRequest(new ApiError($"recordIds: at most {ParkedRecordFilter.MaxRecordIds}"));
        if (request.RecordIds is { } ids && ids.Any(string.IsNullOrEmpty))
            return TypedResults.BadRequest(new ApiError("recordIds: must not contain empty ids"));

        var tenant = caller.ScopeFilter(request.Tenant);
        // Not the request's token: a client that gives up must not leave a replay half recorded.
        var report = await replayer.ReplayAsync(new ParkedRecordFilter(tenant, request.Jurisdiction, null, request.RecordIds), CancellationToken.None);
        await audit.AppendAsync(new AuditEvent(caller.KeyId, tenant, AuditActions.ParkedReplayed, "parked",
            new { jurisdiction = request.Jurisdiction, recordIds = request.RecordIds?.Length, report.Replayed, report.StillFailing, report.More }));
        return TypedResults.Ok(report);
    }
}
