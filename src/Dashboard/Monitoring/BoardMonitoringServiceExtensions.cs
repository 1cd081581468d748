using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>Composition of the monitoring views' server side (time-series sampling).</summary>
public static class BoardMonitoringServiceExtensions
{
    public static IServiceCollection AddLeptonBoardMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.Section));
        services.AddSingleton(sp => new MonitoringRecorder(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<MonitoringOptions>>().Value.Capacity));
        services.AddSingleton(SignalDisplay.From(configuration));
        services.AddHostedService<MonitoringMeterListener>();
        services.AddHostedService<MonitoringSampler>();
        return services;
    }
}
