using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Monitor.Alerting;

/// <summary>Composition of the alert lifecycle's timers (snoozed alerts reopen by themselves).</summary>
public static class LifecycleServiceExtensions
{
    public static IServiceCollection AddLeptonAlertLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SnoozeOptions>()
            .Bind(configuration.GetSection(SnoozeOptions.Section))
            .Validate(o => o.SnoozeCheckInterval > TimeSpan.Zero, $"{SnoozeOptions.Section}:SnoozeCheckInterval must be positive")
            .ValidateOnStart();
        // The embedded store unless the storage composition registered another (PostgresDueSnoozes in a cluster).
        services.TryAddSingleton<IDueSnoozes>(sp => new SqliteDueSnoozes(sp.GetRequiredService<LeptonDatabase>()));
        services.AddSingleton<SnoozeReopener>();
        services.AddHostedService<SnoozeReopenerService>();
        return services;
    }
}
