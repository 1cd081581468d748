using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        services.AddSingleton<SqliteSilenceStore>(sp => new SqliteSilenceStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISilenceStore>(sp => sp.GetRequiredService<SqliteSilenceStore>());
        // Loaded when first resolved — by the alert store's construction, before any alert is written — so a silence
        // stored before a restart matches the first alert after it.
        services.AddSingleton(sp =>
        {
            var book = new SilenceBook();
            book.Replace(sp.GetRequiredService<ISilenceStore>().ListLive(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
            var time = sp.GetRequiredService<TimeProvider>();
            SilenceTelemetry.ObserveActive(() => book.CountActive(time.GetUtcNow()));
            return book;
        });
        services.AddSingleton<ISilenceMatcher>(sp => sp.GetRequiredService<SilenceBook>());
        services.AddSingleton(sp => new SilenceService(sp.GetRequiredService<ISilenceStore>(), sp.GetRequiredService<SilenceBook>(),
            sp.GetRequiredService<IAlertStore>(), sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SilenceService>>(), sp.GetRequiredService<ITenantStore>()));
        services.AddSingleton<SilenceExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<SilenceExpiry>());
        return services;
    }
}
