namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/alerts/stream (server-sent events).</summary>
public static class AlertStreamApi
{
    public static RouteGroupBuilder MapAlertStreamApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
