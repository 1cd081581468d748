using Microsoft.Extensions.Configuration;
using Lepton.Monitor.Ingest.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Registers the Kafka-protocol adapter when a broker is configured: the consumer of the transactions topic and the
/// publisher of the alert topic. The section is validated here, at start, so a bad key fails the host before it runs.
/// </summary>
public static class KafkaServiceExtensions
{
    public static IServiceCollection AddLeptonKafka(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        var ingest = configuration.GetSection("Lepton:Ingest").Get<IngestOptions>() ?? new IngestOptions();
        KafkaOptionsValidator.ThrowIfInvalid(options, ingest.MaxRecordsPerRequest);
        services.AddSingleton(options);
        if (!options.IsConfigured)
            return services;

        services.AddSingleton<KafkaProducerHost>();
        services.AddSingleton<KafkaDeadLetterTopic>();
        if (options.ConsumesTopic)
        {
            services.AddSingleton<KafkaBatchProcessor>();
            services.AddSingleton<KafkaIngestConsumer>();
            // Registered after the dispatcher, so it stops first: in-flight batches drain while grains still run.
            services.AddHostedService(sp => sp.GetRequiredService<KafkaIngestConsumer>());
        }
        if (options.PublishesAlerts)
            services.AddAlertOutboxTransport<KafkaAlertTransport>(configuration); // one publisher, shared with Event Hubs
        return services;
    }
}
