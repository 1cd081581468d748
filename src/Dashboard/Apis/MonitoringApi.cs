using Lepton.Monitor.Dashboard.Auth;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/monitoring/…: per tenant and jurisdiction time series (throughput, scoring latency, alert rate) for the monitoring views.</summary>
public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
