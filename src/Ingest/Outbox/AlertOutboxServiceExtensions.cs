using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Lepton.Monitor.Ingest.Outbox;

/// <summary>
/// Registers one alert transport and the one outbox publisher that drains to all of them. Each adapter (Kafka, Event
/// Hubs) calls it; the publisher and its dependencies are added once however many adapters are on.
/// </summary>
public static class AlertOutboxServiceExtensions
{
    public static IServiceCollection AddAlertOutboxTransport<TTransport>(this IServiceCollection services, IConfiguration configuration)
        where TTransport : class, IOutboxTransport
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxTransport, TTransport>());
        services.TryAddSingleton(_ => configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServiceHealth>();
        // TryAddEnumerable keys on the implementation type: a second adapter does not start a second publisher.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AlertOutboxPublisher>());
        return services;
    }
}
