using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>
/// Runs one action on one or many alerts in ONE store transaction (<see cref="IAlertStore.ChangeManyAsync"/>), each
/// answered as the single route would answer it. The tenant check comes first: another tenant's alert answers 404
/// before its version is compared, so a stale-version answer never shows another tenant's alert.
/// </summary>
public static class AlertActionRunner
{
    public static async Task<IReadOnlyList<BulkItemResult>> RunAsync(AlertActionServices services, Caller caller, string actor,
        AlertAction action, AlertActionParameters parameters, IReadOnlyList<AlertActionTarget> targets, CancellationToken ct)
    {
        var results = new BulkItemResult?[targets.Count];
        var requests = new List<AlertChangeRequest>(targets.Count);
        var positions = new List<int>(targets.Count);
        var now = services.Clock.GetUtcNow();
        for (var i = 0; i < targets.Count; i++)
        {
            var (id, version) = targets[i];
            if (string.IsNullOrEmpty(id))
            {
                results[i] = new BulkItemResult(id, StatusCodes.Status400BadRequest, Error: "id: required");
                continue;
            }
            var alert = await services.Alerts.GetAsync(id, ct);
            if (alert is null || !caller.CanAccess(alert.Tenant))
            {
                results[i] = NotFound(id);
                continue;
            }
            if (version is null)
            {
                results[i] = new BulkItemResult(id, StatusCodes.Status400BadRequest, Error: "version: required (the alert's version you acted on)");
                continue;
            }
            var settings = services.Tenants.Snapshot.GetValueOrDefault(alert.Tenant)?.Settings ?? TenantSettings.Default;
            requests.Add(new AlertChangeRequest(id, version, actor, AlertLifecycle.AuditAction(action, parameters, settings),
                current => AlertLifecycle.Apply(current, action, parameters, actor, settings, now), RequestDetails(action, parameters)));
            positions.Add(i);
        }

        var changes = requests.Count == 0 ? [] : await services.Alerts.ChangeManyAsync(requests, ct);
        for (var j = 0; j < changes.Count; j++)
            results[positions[j]] = ToResult(requests[j], changes[j]);

        var actionName = AlertActionNames.ToText(action);
        foreach (var result in results)
        {
            var outcome = result!.Status switch
            {
                StatusCodes.Status200OK => "ok",
                StatusCodes.Status404NotFound => "not-found",
                StatusCodes.Status409Conflict => "conflict",
                StatusCodes.Status403Forbidden => "forbidden",
                _ => "invalid",
            };
            AlertLifecycleTelemetry.CountAction(action, outcome);
            if (targets.Count == 1)
                services.Logger.LogInformation("{Actor} {Action} alert {AlertId}: {Status} {Reason}", actor, actionName, result.Id, result.Status, result.Error);
            else
                services.Logger.LogDebug("{Actor} {Action} alert {AlertId}: {Status} {Reason}", actor, actionName, result.Id, result.Status, result.Error);
        }
        // A bulk action logs one line at Information, not up to 500.
        if (targets.Count > 1)
            services.Logger.LogInformation("{Actor} {Action} on {Count} alerts in bulk: {Ok} ok, {Failed} not done", actor, actionName,
                targets.Count, results.Count(r => r!.Status == StatusCodes.Status200OK), results.Count(r => r!.Status != StatusCodes.Status200OK));
        return results!;
    }

    private static BulkItemResult ToResult(AlertChangeRequest request, AlertChangeResult change) => change.Outcome switch
    {
        AlertChangeOutcome.Changed or AlertChangeOutcome.Unchanged => new BulkItemResult(request.Id, StatusCodes.Status200OK, change.Alert),
        AlertChangeOutcome.NotFound => NotFound(request.Id),
        AlertChangeOutcome.Conflict => new BulkItemResult(request.Id, StatusCodes.Status409Conflict, change.Alert,
            $"version {request.ExpectedVersion} is stale: the alert is at version {change.Alert!.Version}"),
        _ => new BulkItemResult(request.Id, change.Refusal!.Refusal switch
        {
            AlertRefusal.Invalid => StatusCodes.Status400BadRequest,
            AlertRefusal.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        }, change.Alert, change.Refusal.Message),
    };

    private static BulkItemResult NotFound(string id) => new(id, StatusCodes.Status404NotFound, Error: $"alert '{id}' not found");

    /// <summary>
    /// What was asked, for the audit entry (before/after already say what changed); comment texts are in the entry's
    /// <c>commentsAdded</c>, so they are not repeated here.
    /// </summary>
    private static Dictionary<string, object?>? RequestDetails(AlertAction action, AlertActionParameters parameters)
    {
        var details = new Dictionary<string, object?>();
        if (parameters.Assignee is not null && action == AlertAction.Assign)
            details["assignee"] = parameters.Assignee.Trim();
        if (parameters.Disposition is { } disposition && action == AlertAction.Resolve)
            details["disposition"] = StoredEnums.ToText(disposition);
        if (parameters.Until is { } until && action == AlertAction.Snooze)
            details["until"] = until;
        if (parameters.Severity is { } severity && action == AlertAction.Escalate)
            details["severity"] = StoredEnums.ToText(severity);
        return details.Count == 0 ? null : details;
    }
}
