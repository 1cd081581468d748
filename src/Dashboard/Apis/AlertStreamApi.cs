using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Streaming;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET /v1/alerts/stream: server-sent events of alert changes (alert.raised|updated|resolved, data = the alert as
/// GET /v1/alerts/{id} serves it, id = the change-feed seq), within the caller's tenant, resumable with Last-Event-ID
/// (see <see cref="AlertStreamOptions"/> for the window). The loop is <see cref="AlertStreamSession"/>.
/// </summary>
public static class AlertStreamApi
{
    public static RouteGroupBuilder MapAlertStreamApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/alerts/stream", StreamAlerts).RequireAuthorization(Roles.Policies.ReadAlerts);
        return v1;
    }

    /// <summary>Filters as GET /v1/alerts (tenant, jurisdiction, kind, severity, status, since); resume with the Last-Event-ID header or lastEventId.</summary>
    public static IResult StreamAlerts(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return AlertStreamRequest.TryParse(http.Request.Query, http.Request.Headers["Last-Event-ID"].ToString(), caller, out var request, out var error)
            ? new AlertStreamResult(request!)
            : TypedResults.BadRequest(new ApiError(error!));
    }
}
