using Lepton.Monitor.Dashboard.Auth;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/entities/{entity}: one pseudonymized entity's timeline (records, alerts, dispositions) within the caller's tenant.</summary>
public static class EntitiesApi
{
    public static RouteGroupBuilder MapEntitiesApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
