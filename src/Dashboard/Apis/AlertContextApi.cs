using Lepton.Monitor.Dashboard.Auth;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>An alert's context for the detail view: the records involved (as stored, pseudonymized), related alerts and how similar closed ones were disposed.</summary>
public static class AlertContextApi
{
    public static RouteGroupBuilder MapAlertContextApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
