using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Alerting;

/// <summary>Composition of silences (the in-memory matcher the alert store asks, expiry upkeep).</summary>
public static class SilencesServiceExtensions
{
    public static IServiceCollection AddLeptonSilences(this IServiceCollection services, IConfiguration configuration)
    {
        var interval = configuration.GetValue("Lepton:Silences:CheckInterval", SilenceExpiryOptions.DefaultCheckInterval);
        if (interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(configuration), interval, "Lepton:Silences:CheckInterval must be positive");
        services.AddSingleton(new SilenceExpiryOptions(interval));
        // The embedded store unless the storage composition registered another (PostgresSilenceStore in a cluster).
        services.TryAddSingleton<ISilenceStore>(sp => new SqliteSilenceStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        // Loaded when first resolved — by the alert store's construction, before any alert is written — so a silence
        // stored before a restart matches the first alert after it. (A DI factory cannot await: the one load at start
        // blocks; the SQLite store answers synchronously anyway.)
        services.AddSingleton(sp =>
        {
            var book = new SilenceBook();
            var time = sp.GetRequiredService<TimeProvider>();
            book.Replace(sp.GetRequiredService<ISilenceStore>().ListLiveAsync(time.GetUtcNow()).GetAwaiter().GetResult());
            SilenceTelemetry.ObserveActive(() => book.CountActive(time.GetUtcNow()));
            return book;
        });
        services.AddSingleton<ISilenceMatcher>(sp => sp.GetRequiredService<SilenceBook>());
        services.AddSingleton(sp => new SilenceService(sp.GetRequiredService<ISilenceStore>(), sp.GetRequiredService<SilenceBook>(),
            sp.GetRequiredService<IAlertStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SilenceService>>(), sp.GetRequiredService<ITenantStore>()));
        services.AddSingleton<SilenceExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<SilenceExpiry>());

        // Several processes share the silences only on PostgreSQL: there each one reloads what the others changed.
        if (LeptonStoreSelection.Parse(configuration[LeptonStoreSelection.StoreKey]) == LeptonStoreKind.Postgres)
        {
            var refresh = configuration.GetValue("Lepton:Silences:RefreshInterval", SilenceBookRefreshOptions.DefaultInterval);
            if (refresh <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(configuration), refresh, "Lepton:Silences:RefreshInterval must be positive");
            services.AddSingleton(new SilenceBookRefreshOptions(refresh));
            services.AddSingleton<SilenceBookRefresher>();
            services.AddHostedService(sp => sp.GetRequiredService<SilenceBookRefresher>());
        }
        return services;
    }
}
