namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>POST /v1/alerts/{id}/{action}, POST /v1/alerts/bulk and GET /v1/alerts/{id}/history.</summary>
public static class AlertActionsApi
{
    public static RouteGroupBuilder MapAlertActionsApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
