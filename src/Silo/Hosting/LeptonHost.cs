using Lepton.Monitor.Alerting;
using Lepton.Monitor.Dashboard;
using Lepton.Monitor.Grains;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.Kafka;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>
/// Composes the all-in-one process: an Orleans silo with localhost clustering, the embedded store, the scoring
/// service, ingest and the HTTP API — one WebApplication, as in the Orleans Voting sample, composition only.
/// </summary>
public static class LeptonHost
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The default config reload watches the content root recursively, and the default data folder (./data) lies
        // under it: every journal fsync then woke the file watcher (~5% of a core at 30k records/s). Options are
        // bound once at start, so nothing needs reloading; a later --hostBuilder:reloadConfigOnChange true still wins.
        // appsettings.json ships beside the executable, so it is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange", "false", .. args],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls(DefaultUrls);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.AddLeptonObservability();
        builder.AddLeptonSilo();
        builder.Services.AddLeptonStorage(builder.Configuration);
        builder.Services.AddLeptonMonitoring(builder.Configuration);
        builder.AddLeptonResidency();
        builder.Services.AddDemoSignalReference(builder.Configuration);
        builder.Services.AddLeptonIngest(builder.Configuration);
        builder.Services.AddLeptonParkedReplay(builder.Configuration);
        builder.Services.AddLeptonKafka(builder.Configuration);
        builder.Services.AddLeptonAlertLifecycle(builder.Configuration);
        builder.Services.AddLeptonSilences(builder.Configuration);
        builder.Services.AddLeptonWebhooks(builder.Configuration);
        builder.Services.AddLeptonApi(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        // Open the store now, before anything starts: one that cannot be used stops the start with its own message
        // (StoreOpenException) instead of failing inside a hosted service's start.
        app.Services.GetRequiredService<Lepton.Monitor.Storage.LeptonDatabase>();
        // Likewise the pseudonymization key: a missing, malformed or world-readable key file stops the start here
        // (PseudonymKeyException) rather than on the first record.
        app.Services.GetRequiredService<PseudonymizerRegistry>();
        app.UseLeptonApi();
        app.MapLeptonApi();
        app.MapLeptonObservability();
        return app;
    }
}
