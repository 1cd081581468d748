using Lepton.Monitor.Alerting;
using Lepton.Monitor.Dashboard;
using Lepton.Monitor.Grains;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Silo.Hosting.Cluster;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>
/// Composes a process of the product — by default the all-in-one: an Orleans silo with localhost clustering, the
/// embedded store, the scoring service, ingest and the HTTP API — one WebApplication, as in the Orleans Voting
/// sample, composition only. In a cluster (PostgreSQL) the same parts split into silo and api processes.
/// </summary>
public static class LeptonHost
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        Build(args, LeptonRole.AllInOne, configure);

    /// <summary>
    /// Composes one process of the given <paramref name="role"/>: the all-in-one (silo + ingest + API), a silo
    /// (grains only, health and metrics on its web port) or an api process (ingest + API as an Orleans client).
    /// </summary>
    public static WebApplication Build(string[] args, LeptonRole role, Action<WebApplicationBuilder>? configure = null)
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
        // Graceful stop: the dispatcher drains in-flight batches and the silo hands its grains off within this.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        var cluster = ClusterSettings.From(builder.Configuration);
        if (role != LeptonRole.AllInOne && !cluster.IsPostgres)
            throw new StoreOpenException(
                $"lepton {role.ToString().ToLowerInvariant()} is a cluster process: it needs Lepton:Store=postgres and Lepton:Postgres:ConnectionString (docs/cluster.md).");

        builder.AddLeptonObservability();
        builder.Services.AddLeptonStorage(builder.Configuration, cluster);
        if (role is LeptonRole.AllInOne or LeptonRole.Silo)
        {
            builder.AddLeptonSilo(cluster);
            builder.Services.AddLeptonMonitoring(builder.Configuration);
            builder.AddLeptonClusterGrainStorage(cluster);
            builder.AddLeptonResidency();
            builder.Services.AddDemoSignalReference(builder.Configuration);
        }
        else
        {
            builder.AddLeptonClusterClient(cluster);
        }

        if (role == LeptonRole.Silo)
        {
            // Persist before acknowledging: no journal replay follows a silo's death (MonitorOptions.PersistEachBatch).
            if (builder.Configuration["Lepton:Monitor:PersistEachBatch"] is null)
                builder.Services.PostConfigure<MonitorOptions>(o => o.PersistEachBatch = true);
            // New alerts are matched against silences where they are written: here.
            builder.Services.AddLeptonSilenceMatching(builder.Configuration);
        }
        else
        {
            builder.Services.AddLeptonIngest(builder.Configuration);
            builder.Services.AddLeptonParkedReplay(builder.Configuration);
            builder.Services.AddLeptonKafka(builder.Configuration);
            builder.Services.AddLeptonEventHubs(builder.Configuration);
            builder.Services.AddLeptonAlertLifecycle(builder.Configuration);
            builder.Services.AddLeptonSilences(builder.Configuration);
            builder.Services.AddLeptonWebhooks(builder.Configuration);
            builder.Services.AddLeptonApi(builder.Configuration);
            if (cluster.IsPostgres)
                builder.Services.AddLeptonClusterIngest(builder.Configuration);
        }
        configure?.Invoke(builder);

        var app = builder.Build();
        // Open the store now, before anything starts: one that cannot be used stops the start with its own message
        // (StoreOpenException: a missing or un-migrated database, a locked data folder) instead of failing inside a
        // hosted service's start.
        app.Services.RequireLeptonStorage(cluster);
        if (role == LeptonRole.Silo)
        {
            app.MapSiloHealth();
            app.MapLeptonObservability();
            return app;
        }
        // Likewise the pseudonymization key: a missing, malformed or world-readable key file stops the start here
        // (PseudonymKeyException) rather than on the first record.
        app.Services.GetRequiredService<PseudonymizerRegistry>();
        app.UseLeptonApi();
        app.MapLeptonApi();
        app.MapLeptonObservability();
        return app;
    }
}
