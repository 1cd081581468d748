using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Board.Context;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// An alert's context for the detail view: GET /v1/alerts/{id}/records (the records involved, as stored:
/// pseudonymized) and GET /v1/alerts/{id}/related (same entity, same rule, how the rule's closed alerts were disposed).
/// Another tenant's alert answers 404, as GET /v1/alerts/{id} does.
/// </summary>
public static class AlertContextApi
{
    public static RouteGroupBuilder MapAlertContextApi(this RouteGroupBuilder v1)
    {
        // Records are transaction data (amounts, pseudonymized parties, attributes), not alert metadata: only the
        // people who triage see them (admin, analyst), not integration keys, which read alerts for SIEMs and chat-ops.
        v1.MapGet("/alerts/{id}/records", Records).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapGet("/alerts/{id}/related", Related).RequireAuthorization(Roles.Policies.ReadAlerts);
        return v1;
    }

    public static async Task<Results<Ok<AlertRecords>, NotFound<ApiError>>> Records(
        HttpContext http, IAlertStore store, IAlertContextReader context, string id, CancellationToken ct)
    {
        var alert = await Visible(http, store, id);
        if (alert is null)
            return NotFound(id);
        return TypedResults.Ok(new AlertRecords(await context.EvidenceAsync(alert.Id, ct), alert.Count, AlertEvidence.MaxPerAlert));
    }

    public static async Task<Results<Ok<AlertRelated>, NotFound<ApiError>>> Related(
        HttpContext http, IAlertStore store, IAlertContextReader context, string id, CancellationToken ct)
    {
        var alert = await Visible(http, store, id);
        if (alert is null)
            return NotFound(id);
        return TypedResults.Ok(await AlertRelated.OfAsync(alert, context, ct));
    }

    private static async Task<Alert?> Visible(HttpContext http, IAlertStore store, string id)
    {
        var alert = await store.GetAsync(id);
        return alert is not null && Caller.From(http.User).CanAccess(alert.Tenant) ? alert : null;
    }

    private static NotFound<ApiError> NotFound(string id) => TypedResults.NotFound(new ApiError($"alert '{id}' not found"));
}
