using Lepton.Monitor.Ingest.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// Registers the native Event Hubs adapter when a namespace is configured: the consumer of the transactions hub and
/// the publisher of the alert hub. The section is validated here, at start, so a bad key fails the host before it runs.
/// </summary>
public static class EventHubsServiceExtensions
{
    public static IServiceCollection AddLeptonEventHubs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(EventHubsOptions.Section).Get<EventHubsOptions>() ?? new EventHubsOptions();
        var ingest = configuration.GetSection("Lepton:Ingest").Get<IngestOptions>() ?? new IngestOptions();
        EventHubsOptionsValidator.ThrowIfInvalid(options, ingest.MaxRecordsPerRequest);
        services.AddSingleton(options);
        if (!options.IsConfigured)
            return services;
        if (options.ConsumesHub)
            services.AddLeptonEventHubsIngest();
        if (options.PublishesAlerts)
            services.AddLeptonEventHubsAlerts(configuration);
        return services;
    }
}
