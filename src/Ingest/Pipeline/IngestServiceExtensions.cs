using Lepton.Monitor.Rules;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Monitor.Ingest;

/// <summary>Registers the ingest path: one service for every source, the bounded dispatcher and journal recovery.</summary>
public static class IngestServiceExtensions
{
    public static IServiceCollection AddLeptonIngest(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Lepton:Ingest").Get<IngestOptions>() ?? new IngestOptions();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => RulePackSet.LoadDefault());
        services.AddSingleton<JurisdictionCatalog>();
        services.AddSingleton<TenantDirectory>();
        // Per-tenant HMAC keys are HKDF-derived from a master key kept outside lepton.db (LEPTON_PSEUDONYM_KEY or
        // Lepton:Privacy:KeyFile) when one is configured; otherwise they live in the tenant store (the embedded
        // default, so existing data folders keep their tokens). Fetched once per tenant, then the pseudonymizer is cached.
        services.AddSingleton(sp =>
        {
            if (PseudonymMasterKey.Load(configuration) is { } master)
                return PseudonymizerRegistry.FromMasterKey(master);
            var store = sp.GetRequiredService<ITenantStore>();
            return new PseudonymizerRegistry(tenant => store.GetOrCreatePseudonymKeyAsync(tenant).GetAwaiter().GetResult());
        });
        services.AddSingleton<RecordRouter>();
        // Degraded conditions for /health/ready (a failing monitor, a worker restarting); one per process.
        services.TryAddSingleton<ServiceHealth>();
        services.AddSingleton<IngestReadiness>();
        services.AddSingleton<RecordDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordDispatcher>());
        services.AddHostedService<JournalRecovery>();
        services.AddSingleton<IngestService>();

        var demo = configuration.GetSection("Lepton:Demo").Get<DemoOptions>() ?? new DemoOptions();
        services.AddSingleton(demo);
        if (demo.Enabled)
            services.AddHostedService<DemoStream>();
        return services;
    }
}
