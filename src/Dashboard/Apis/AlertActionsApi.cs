using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Apis.AlertActions;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// POST /v1/alerts/{id}/{action} (acknowledge, assign, assign-to-me, comment, resolve, reopen, snooze, escalate, approve,
/// reject), POST /v1/alerts/bulk and GET /v1/alerts/{id}/history. The status machine is <see cref="AlertLifecycle"/>;
/// these endpoints parse, scope to the caller's tenant and map outcomes to HTTP.
/// </summary>
public static class AlertActionsApi
{
    public const int MaxBulkItems = 500;
    public const int MaxHistoryEntries = 10_000;
    public const string AssignToMe = "assign-to-me";

    public static RouteGroupBuilder MapAlertActionsApi(this RouteGroupBuilder v1)
    {
        foreach (var action in Enum.GetValues<AlertAction>())
        {
            v1.MapPost($"/alerts/{{id}}/{AlertActionNames.ToText(action)}",
                    (HttpContext http, [AsParameters] AlertActionServices services, string id, AlertActionBody body, CancellationToken ct) =>
                        Act(http, services, id, action, assignToMe: false, body, ct))
                .RequireAuthorization(Roles.Policies.ActOnAlerts);
        }
        v1.MapPost($"/alerts/{{id}}/{AssignToMe}",
                (HttpContext http, [AsParameters] AlertActionServices services, string id, AlertActionBody body, CancellationToken ct) =>
                    Act(http, services, id, AlertAction.Assign, assignToMe: true, body, ct))
            .RequireAuthorization(Roles.Policies.ActOnAlerts);
        v1.MapPost("/alerts/bulk", Bulk).RequireAuthorization(Roles.Policies.ActOnAlerts);
        v1.MapGet("/alerts/{id}/history", History).RequireAuthorization(Roles.Policies.ReadAlerts);
        return v1;
    }

    public static async Task<Results<Ok<Alert>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<Alert>, Conflict<ApiError>, JsonHttpResult<ApiError>>> Act(
        HttpContext http, AlertActionServices services, string id, AlertAction action, bool assignToMe, AlertActionBody body, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var actor = AlertActor.Of(http.User);
        if (body.Version is null)
            return TypedResults.BadRequest(new ApiError("version: required (the alert's version you acted on)"));
        if (!TryParameters(body.Assignee, body.Text, body.Disposition, body.Until, body.Severity, body.Comment, assignToMe, actor, action,
                services.Clock, out var parameters, out var error))
            return TypedResults.BadRequest(new ApiError(error!));

        var result = (await AlertActionRunner.RunAsync(services, caller, actor, action, parameters, [new AlertActionTarget(id, body.Version)], ct))[0];
        return result.Status switch
        {
            StatusCodes.Status200OK => TypedResults.Ok(result.Alert),
            StatusCodes.Status404NotFound => TypedResults.NotFound(new ApiError(result.Error!)),
            // The store compares versions before the lifecycle runs, so a 409 whose alert is at another version is a
            // stale version: answer the current alert (the board redraws from it). Otherwise the state refused it.
            StatusCodes.Status409Conflict when result.Alert!.Version != body.Version => TypedResults.Conflict(result.Alert),
            StatusCodes.Status409Conflict => TypedResults.Conflict(new ApiError(result.Error!)),
            StatusCodes.Status403Forbidden => TypedResults.Json(new ApiError(result.Error!), statusCode: StatusCodes.Status403Forbidden),
            _ => TypedResults.BadRequest(new ApiError(result.Error!)),
        };
    }

    public static async Task<Results<Ok<BulkActionResponse>, BadRequest<ApiError>>> Bulk(
        HttpContext http, [AsParameters] AlertActionServices services, BulkActionBody body, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var actor = AlertActor.Of(http.User);
        var assignToMe = body.Action == AssignToMe;
        var action = AlertAction.Assign;
        if (!assignToMe && !AlertActionNames.TryParse(body.Action, out action))
            return TypedResults.BadRequest(new ApiError($"action: must be one of {AlertActionNames.Allowed}|{AssignToMe}"));
        if (body.Items is not { Length: > 0 })
            return TypedResults.BadRequest(new ApiError("items: at least one { id, version } is required"));
        if (body.Items.Length > MaxBulkItems)
            return TypedResults.BadRequest(new ApiError($"items: at most {MaxBulkItems} per request ({body.Items.Length} given)"));
        if (!TryParameters(body.Assignee, body.Text, body.Disposition, body.Until, body.Severity, body.Comment, assignToMe, actor, action,
                services.Clock, out var parameters, out var error))
            return TypedResults.BadRequest(new ApiError(error!));

        var targets = body.Items.Select(item => new AlertActionTarget(item?.Id, item?.Version)).ToArray();
        var results = await AlertActionRunner.RunAsync(services, caller, actor, action, parameters, targets, ct);
        return TypedResults.Ok(new BulkActionResponse(results));
    }

    public static async Task<Results<Ok<AlertHistoryResponse>, NotFound<ApiError>>> History(
        HttpContext http, IAlertStore alerts, IAuditLog audit, string id, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var alert = await alerts.GetAsync(id, ct);
        if (alert is null || !caller.CanAccess(alert.Tenant))
            return TypedResults.NotFound(new ApiError($"alert '{id}' not found"));
        var entries = await audit.ListForTargetAsync(alert.Id, alert.Tenant, MaxHistoryEntries, ct);
        return TypedResults.Ok(new AlertHistoryResponse([.. entries.Select(AlertHistoryItem.From)]));
    }

    /// <summary>The action's parameters, parsed and checked against the state-free rules (400 before the store is touched).</summary>
    private static bool TryParameters(string? assignee, string? text, string? disposition, DateTimeOffset? until, string? severity, string? comment,
        bool assignToMe, string actor, AlertAction action, TimeProvider clock, out AlertActionParameters parameters, out string? error)
    {
        if (!AlertActionParameterParser.TryParse(assignToMe ? actor : assignee, text, disposition, until, severity, comment, out parameters, out error))
            return false;
        try
        {
            AlertLifecycle.Validate(action, parameters, clock.GetUtcNow());
            return true;
        }
        catch (AlertActionException e)
        {
            error = e.Message;
            return false;
        }
    }
}
