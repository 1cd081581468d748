using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Monitor.Ingest;

/// <summary>Registers the parked-record replayer (a hosted service, also called by the operator API).</summary>
public static class ParkedServiceExtensions
{
    public static IServiceCollection AddLeptonParkedReplay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Lepton:Parked").Get<ParkedReplayOptions>() ?? new ParkedReplayOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServiceHealth>();
        services.AddSingleton<ParkedRecordReplayer>();
        services.AddHostedService(sp => sp.GetRequiredService<ParkedRecordReplayer>());
        return services;
    }
}
