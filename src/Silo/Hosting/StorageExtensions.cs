using Lepton.Monitor.Silo.Hosting.Cluster;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>
/// The product's stores behind their interfaces: the embedded default (one SQLite database under
/// <c>Lepton:DataPath</c>) or, in a cluster, PostgreSQL (<c>Lepton:Store=postgres</c>).
/// </summary>
public static class StorageExtensions
{
    public static IServiceCollection AddLeptonStorage(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLeptonStorage(configuration, ClusterSettings.From(configuration));

    public static IServiceCollection AddLeptonStorage(this IServiceCollection services, IConfiguration configuration, ClusterSettings cluster)
    {
        if (cluster.IsPostgres)
            return services.AddLeptonPostgresStorage(configuration, cluster);
        var dataPath = Path.GetFullPath(configuration["Lepton:DataPath"] ?? "./data");
        // An empty (0-byte) lepton.db is refused unless a new store is asked for explicitly (README, Configuration).
        var createIfEmpty = configuration.GetValue<bool>("Lepton:Store:CreateIfEmpty");
        services.AddSingleton(_ => LeptonDatabase.Open(dataPath, createIfEmpty));
        services.AddSingleton<IRecordJournal>(sp => new SqliteRecordJournal(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        // With an alert encoder registered (alerts go to a topic), the store writes outbox messages in each alert's transaction.
        // Every alert change also goes to the change feed (SSE, webhooks) in its transaction; new alerts ask the silences.
        services.AddSingleton(sp => new SqliteAlertEventLog(sp.GetRequiredService<LeptonDatabase>()));
        services.AddSingleton<IAlertEventLog>(sp => sp.GetRequiredService<SqliteAlertEventLog>());
        services.AddSingleton<SqliteAlertStore>(sp =>
        {
            var encoder = sp.GetService<IAlertChangeEncoder>();
            return new SqliteAlertStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>(),
                encoder is null ? null : sp.GetRequiredService<SqliteAlertOutbox>(), encoder,
                sp.GetRequiredService<SqliteAlertEventLog>(), sp.GetService<ISilenceMatcher>());
        });
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<SqliteAlertStore>());
        services.AddSingleton<IBoardAlertReader>(sp => new SqliteBoardAlertReader(sp.GetRequiredService<LeptonDatabase>()));
        services.AddSingleton<IAlertContextReader>(sp => new SqliteAlertContext(sp.GetRequiredService<LeptonDatabase>()));
        services.AddSingleton<IDeadLetterStore>(sp => new SqliteDeadLetterStore(sp.GetRequiredService<LeptonDatabase>()));
        // Parked records are retried after RetryDelay·2^(attempts−1), capped at MaxRetryDelay, jittered.
        var parked = configuration.GetSection("Lepton:Parked");
        var parkedBackoff = new ParkedBackoff(parked.GetValue("RetryDelay", ParkedBackoff.Default.BaseDelay), parked.GetValue("MaxRetryDelay", ParkedBackoff.Default.MaxDelay));
        services.AddSingleton<IParkedRecordStore>(sp => new SqliteParkedRecordStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>(), parkedBackoff));
        services.AddSingleton<IApiKeyStore>(sp => new SqliteApiKeyStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        // Written only when alerts are published to a Kafka topic; its table is created on first use.
        services.AddSingleton(sp => new SqliteAlertOutbox(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertOutbox>(sp => sp.GetRequiredService<SqliteAlertOutbox>());
        services.AddSingleton<ITenantStore>(sp => new SqliteTenantStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuditLog>(sp => new SqliteAuditLog(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SqliteGrainStateStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventProcessorStore>(sp => new SqliteEventProcessorStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReportDraftStore>(sp => new SqliteReportDraftStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPostureStore>(sp => new SqlitePostureStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPeerBenchmarkLedger>(sp => new SqlitePeerBenchmarkLedger(sp.GetRequiredService<LeptonDatabase>()));
        return services;
    }

    /// <summary>
    /// Opens the store before anything starts, so one that cannot be used stops the start with its own message
    /// (<see cref="StoreOpenException"/>): a locked or damaged data folder, or a database `lepton migrate` has not
    /// brought to this build's schema.
    /// </summary>
    public static void RequireLeptonStorage(this IServiceProvider services, ClusterSettings cluster)
    {
        if (cluster.IsPostgres)
            PostgresMigrator.RequireCurrentAsync(cluster.Postgres).GetAwaiter().GetResult();
        else
            services.GetRequiredService<LeptonDatabase>();
    }
}
