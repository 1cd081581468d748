using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Grains.Evaluation;
using Lepton.Monitor.Grains.Models;
using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Grains.Persistence;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Lepton.Monitor.Grains;

/// <summary>Silo-local services the monitor grains use: rule packs, rates, the shared scoring service, alert stages.</summary>
public static class MonitoringServiceExtensions
{
    public static IServiceCollection AddLeptonMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => RulePackSet.LoadDefault());
        services.AddSingleton<CurrencyRates>(_ => CurrencyRates.LoadDefault());
        services.AddSingleton<ICurrencyConverter>(sp => sp.GetRequiredService<CurrencyRates>());

        services.Configure<ScoringOptions>(configuration.GetSection("Lepton:Scoring"));
        // Models: uploaded versions under <DataPath>/models, shipped ones beside the default model; one batching
        // scoring service (one ONNX session) per version, shared by every grain of the silo.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ScoringOptions>>().Value;
            var uploads = Path.Combine(Path.GetFullPath(configuration["Lepton:DataPath"] ?? "./data"), "models");
            return new ModelRepository(uploads, Path.GetDirectoryName(Path.GetFullPath(options.ModelPath)));
        });
        services.AddSingleton(sp => new ModelServing(
            sp.GetRequiredService<IOptions<ScoringOptions>>().Value,
            sp.GetRequiredService<ModelRepository>(),
            sp.GetRequiredService<ICurrencyConverter>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IScoringService>(sp => sp.GetRequiredService<ModelServing>().Default);
        services.AddSingleton<IModelScorers>(sp => sp.GetRequiredService<ModelServing>());
        services.AddSingleton<IModelCatalog>(sp => sp.GetRequiredService<ModelServing>());

        services.AddSingleton<TenantOverridesReader>();
        services.TryAddSingleton<IRuleEvaluatorFactory, RuleEngineEvaluators>();
        services.Configure<SignalOptions>(configuration.GetSection("Lepton:Signals"));
        services.Configure<MonitorOptions>(configuration.GetSection("Lepton:Monitor"));
        services.AddSingleton<DriftReferenceCatalog>();
        services.AddSingleton<SignalAlertResolver>();

        // Grain state (entity windows, drift summaries, model registry) in the embedded store, under the name grains use.
        services.AddKeyedSingleton<IGrainStorage>(SqliteGrainStorage.StorageName, (sp, _) =>
            new SqliteGrainStorage(sp.GetRequiredService<SqliteGrainStateStore>(), sp.GetRequiredService<Serializer>()));

        // Alert handling as ordered stages: dedup + persist (with the alert topic's outbox message in the same
        // transaction when alerts are published), then notify listeners.
        if (PublishesAlerts(configuration))
            services.AddSingleton<IAlertChangeEncoder, CloudEventAlertEncoder>();
        services.AddSingleton<IAlertStage, PersistStage>();
        services.AddSingleton<IAlertStage, NotifyStage>();
        services.AddSingleton<AlertPipeline>();
        return services;
    }

    /// <summary>
    /// Alerts are published (so each change writes an outbox row) when the Kafka alert topic or the Event Hubs alert hub
    /// is on. Kafka: a broker is configured (<c>Lepton:Kafka:BootstrapServers</c> or <c>ConnectionString</c>), Kafka is
    /// not switched off, and <c>Lepton:Kafka:AlertTopic</c> is not empty (default <c>alerts</c>). Event Hubs: a namespace
    /// is configured (<c>Lepton:EventHubs:ConnectionString</c> or <c>FullyQualifiedNamespace</c>), it is not switched off,
    /// and <c>Lepton:EventHubs:AlertHub</c> is not empty (default <c>alerts</c>). Mirrors KafkaOptions and EventHubsOptions
    /// in the ingest library, which this one does not reference.
    /// </summary>
    public static bool PublishesAlerts(IConfiguration configuration) =>
        Publishes(configuration.GetSection("Lepton:Kafka"), "BootstrapServers", "AlertTopic")
        || Publishes(configuration.GetSection("Lepton:EventHubs"), "FullyQualifiedNamespace", "AlertHub");

    private static bool Publishes(IConfigurationSection section, string address, string destination)
    {
        var configured = !string.IsNullOrWhiteSpace(section[address]) || !string.IsNullOrWhiteSpace(section["ConnectionString"]);
        var enabled = !string.Equals(section["Enabled"], "false", StringComparison.OrdinalIgnoreCase);
        var target = section[destination] ?? "alerts";
        return configured && enabled && !string.IsNullOrWhiteSpace(target);
    }
}
