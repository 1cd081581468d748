namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET|POST|DELETE /v1/silences and the silence preview.</summary>
public static class SilencesApi
{
    public static RouteGroupBuilder MapSilencesApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
