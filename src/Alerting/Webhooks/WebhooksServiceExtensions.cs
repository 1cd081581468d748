using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Alerting;

/// <summary>Composition of webhook subscriptions' delivery (fan-out from the change feed, signed sends, retries).</summary>
public static class WebhooksServiceExtensions
{
    public static IServiceCollection AddLeptonWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
