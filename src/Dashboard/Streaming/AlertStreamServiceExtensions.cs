using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>Composition of the server-sent alert stream (GET /v1/alerts/stream).</summary>
public static class AlertStreamServiceExtensions
{
    public static IServiceCollection AddLeptonAlertStream(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
