using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
        services.AddSingleton<OnnxScoringService>(sp => new OnnxScoringService(
            sp.GetRequiredService<IOptions<ScoringOptions>>().Value,
            sp.GetRequiredService<ICurrencyConverter>(),
            sp.GetRequiredService<ILogger<OnnxScoringService>>()));
        services.AddSingleton<IScoringService>(sp => sp.GetRequiredService<OnnxScoringService>());

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
    /// Alerts go to the Kafka alert topic when a broker is configured (<c>Lepton:Kafka:BootstrapServers</c> or
    /// <c>ConnectionString</c>), Kafka is not switched off, and <c>Lepton:Kafka:AlertTopic</c> is not empty
    /// (its default is <c>alerts</c>). Mirrors KafkaOptions in the ingest library, which this one does not reference.
    /// </summary>
    public static bool PublishesAlerts(IConfiguration configuration)
    {
        var kafka = configuration.GetSection("Lepton:Kafka");
        var configured = !string.IsNullOrWhiteSpace(kafka["BootstrapServers"]) || !string.IsNullOrWhiteSpace(kafka["ConnectionString"]);
        var enabled = !string.Equals(kafka["Enabled"], "false", StringComparison.OrdinalIgnoreCase);
        var topic = kafka["AlertTopic"] ?? "alerts";
        return configured && enabled && !string.IsNullOrWhiteSpace(topic);
    }
}
