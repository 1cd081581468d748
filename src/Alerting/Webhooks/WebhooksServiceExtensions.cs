using Lepton.Monitor.Alerting.Webhooks;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Monitor.Alerting;

/// <summary>Composition of webhook subscriptions' delivery (fan-out from the change feed, signed sends, retries).</summary>
public static class WebhooksServiceExtensions
{
    public static IServiceCollection AddLeptonWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = WebhookOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton(options.CreateGuard());
        // The embedded store unless the storage composition registered another (PostgresWebhookStore in a cluster).
        services.TryAddSingleton<IWebhookStore>(sp => new SqliteWebhookStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton(sp => new WebhookTransmitter(WebhookHttpClientFactory.Create(sp.GetRequiredService<SsrfGuard>()), options));
        services.AddSingleton<WebhookReplayer>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        return services;
    }
}
