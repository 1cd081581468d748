using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Alerting;

/// <summary>Composition of silences (the in-memory matcher the alert store asks, expiry upkeep).</summary>
public static class SilencesServiceExtensions
{
    public static IServiceCollection AddLeptonSilences(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
