using Lepton.Monitor.Ingest.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// The publishing side: alert CloudEvents from the durable outbox to the alert hub. The outbox publisher is shared
/// with the Kafka alert topic: with both on, every alert change goes to both (<see cref="FanOutTransport"/>).
/// </summary>
internal static class EventHubsAlertExtensions
{
    public static IServiceCollection AddLeptonEventHubsAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<EventHubsClients>();
        services.TryAddSingleton<EventHubsAlertProducerHost>();
        services.AddAlertOutboxTransport<EventHubsAlertTransport>(configuration);
        return services;
    }
}
