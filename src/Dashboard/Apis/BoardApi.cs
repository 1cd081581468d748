using Lepton.Monitor.Dashboard.Auth;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/board/alerts: the board's snapshot (compact rows, up to Lepton:Dashboard:MaxBoardAlerts) and the change-feed position to stream from.</summary>
public static class BoardApi
{
    public static RouteGroupBuilder MapBoardApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
