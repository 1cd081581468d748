using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Alerting;

/// <summary>Composition of the alert lifecycle's timers (snoozed alerts reopen by themselves).</summary>
public static class LifecycleServiceExtensions
{
    public static IServiceCollection AddLeptonAlertLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
