using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>Composition of the monitoring views' server side (time-series sampling).</summary>
public static class BoardMonitoringServiceExtensions
{
    public static IServiceCollection AddLeptonBoardMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
