using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/alerts (filters, cursor paging) and GET /v1/alerts/{id}, always within the caller's tenant.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/alerts", ListAlerts).RequireAuthorization(Roles.Policies.ReadAlerts);
        v1.MapGet("/alerts/{id}", GetAlert).RequireAuthorization(Roles.Policies.ReadAlerts);
        return v1;
    }

    public static async Task<Results<Ok<Page<Alert>>, BadRequest<ApiError>>> ListAlerts(
        HttpContext http, IAlertStore store,
        string? tenant, string? jurisdiction, string? kind, string? severity, string? status, DateTimeOffset? since,
        string? ruleKind, string? entity, string? recordId, int? pageSize, string? cursor)
    {
        var caller = Caller.From(http.User);
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (!EnumQuery.TryParse<AlertKind>("kind", kind, out var k, out error)
            || !EnumQuery.TryParse<Severity>("severity", severity, out var sev, out error)
            || !EnumQuery.TryParse<AlertStatus>("status", status, out var st, out error))
            return TypedResults.BadRequest(new ApiError(error!));

        var query = new AlertQuery
        {
            Tenant = caller.ScopeFilter(tenant),
            Jurisdiction = jurisdiction,
            Kind = k,
            Severity = sev,
            Status = st,
            Since = since,
            RuleKind = ruleKind,
            Entity = entity,
            RecordId = recordId,
            PageSize = size,
            Cursor = cursor,
        };
        if (caller.Tenant is not null && tenant is not null && tenant != caller.Tenant)
            return TypedResults.Ok(new Page<Alert>(Array.Empty<Alert>(), null));
        return TypedResults.Ok(await store.QueryAsync(query));
    }

    public static async Task<Results<Ok<Alert>, NotFound<ApiError>>> GetAlert(HttpContext http, IAlertStore store, string id)
    {
        var caller = Caller.From(http.User);
        var alert = await store.GetAsync(id);
        return alert is not null && caller.CanAccess(alert.Tenant)
            ? TypedResults.Ok(alert)
            : TypedResults.NotFound(new ApiError($"alert '{id}' not found"));
    }
}
