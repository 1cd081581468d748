using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>The publishing side: alert CloudEvents from the durable outbox to the alert hub.</summary>
internal static class EventHubsAlertExtensions
{
    public static IServiceCollection AddLeptonEventHubsAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
