using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>The consumer side: the EventProcessor hosted service over the product's ownership and checkpoint store.</summary>
internal static class EventHubsIngestExtensions
{
    /// <remarks>
    /// Needs <see cref="IEventProcessorStore"/> (registered with the product's storage) and the ingest path. The
    /// processor is a singleton of its own, so tests and diagnostics can read it (Consumed, OwnedPartitions).
    /// </remarks>
    public static IServiceCollection AddLeptonEventHubsIngest(this IServiceCollection services)
    {
        services.TryAddSingleton<EventHubsClients>();
        services.AddSingleton<EventHubsBatchProcessor>();
        services.AddSingleton(sp => EventHubsIngestProcessor.Create(
            sp.GetRequiredService<EventHubsOptions>(), sp.GetRequiredService<EventHubsClients>(), sp.GetRequiredService<IEventProcessorStore>(),
            sp.GetRequiredService<EventHubsBatchProcessor>(), sp.GetRequiredService<ILogger<EventHubsIngestProcessor>>()));
        services.AddSingleton<EventHubsIngestService>();
        // Registered after the dispatcher, so it stops first: in-flight batches drain while grains still run.
        services.AddHostedService(sp => sp.GetRequiredService<EventHubsIngestService>());
        return services;
    }
}
