using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>Composition of the server-sent alert stream (GET /v1/alerts/stream) and the change feed's retention.</summary>
public static class AlertStreamServiceExtensions
{
    public static IServiceCollection AddLeptonAlertStream(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertStreamOptions>()
            .Bind(configuration.GetSection(AlertStreamOptions.Section))
            .Validate(o => { o.Validate(); return true; })
            .ValidateOnStart();
        services.AddSingleton<AlertStreamConnections>();
        services.AddHostedService<AlertEventRetention>();
        return services;
    }
}
