using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>
/// The product's stores on the cluster's PostgreSQL (<c>Lepton:Store=postgres</c>), behind the same interfaces as the
/// embedded store, on one Npgsql pool per process. Orleans' ADO.NET providers keep their own pool (membership, grain
/// state, reminders): size both with <c>Maximum Pool Size</c> in the connection string so that processes × pools stay
/// under the server's max_connections.
/// </summary>
public static class PostgresStorageExtensions
{
    public static IServiceCollection AddLeptonPostgresStorage(this IServiceCollection services, IConfiguration configuration, ClusterSettings cluster)
    {
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(cluster.Postgres) { Name = "lepton" }.Build());

        // The journal: this process's own partition (Lepton:Journal:Partition), leased; created on first use (api processes only).
        var partitions = configuration.GetSection("Lepton:Journal").Get<JournalPartitionOptions>() ?? new JournalPartitionOptions();
        partitions.Validate();
        services.TryAddSingleton(partitions);
        services.AddSingleton<IRecordJournal>(sp => new PostgresRecordJournal(
            sp.GetRequiredService<NpgsqlDataSource>(), partitions.ResolvedPartition, sp.GetRequiredService<TimeProvider>(), partitions));

        // Alerts, their change feed (SSE, webhooks: written by silos, read by api processes, woken by NOTIFY) and, when
        // alerts are published, the outbox row in the alert's own transaction; new alerts ask the silences.
        services.AddSingleton(sp => new PostgresAlertEventLog(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IAlertEventLog>(sp => sp.GetRequiredService<PostgresAlertEventLog>());
        services.AddSingleton(sp => new PostgresAlertOutbox(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertOutbox>(sp => sp.GetRequiredService<PostgresAlertOutbox>());
        services.AddSingleton<IAlertStore>(sp =>
        {
            var encoder = sp.GetService<IAlertChangeEncoder>();
            return new PostgresAlertStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(),
                encoder is null ? null : sp.GetRequiredService<PostgresAlertOutbox>(), encoder,
                sp.GetRequiredService<PostgresAlertEventLog>(), sp.GetService<ISilenceMatcher>());
        });
        services.AddSingleton<IBoardAlertReader>(sp => new PostgresBoardAlertReader(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IAlertContextReader>(sp => new PostgresAlertContext(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IDueSnoozes>(sp => new PostgresDueSnoozes(sp.GetRequiredService<NpgsqlDataSource>()));

        services.AddSingleton<IDeadLetterStore>(sp => new PostgresDeadLetterStore(sp.GetRequiredService<NpgsqlDataSource>()));
        var parked = configuration.GetSection("Lepton:Parked");
        var parkedBackoff = new ParkedBackoff(parked.GetValue("RetryDelay", ParkedBackoff.Default.BaseDelay), parked.GetValue("MaxRetryDelay", ParkedBackoff.Default.MaxDelay));
        services.AddSingleton<IParkedRecordStore>(sp => new PostgresParkedRecordStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), parkedBackoff));
        services.AddSingleton<IApiKeyStore>(sp => new PostgresApiKeyStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITenantStore>(sp => new PostgresTenantStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(),
            log: sp.GetRequiredService<ILogger<PostgresTenantStore>>()));
        services.AddSingleton<IAuditLog>(sp => new PostgresAuditLog(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        // The silence store only queries alerts, while the alert store asks the silences about every new alert: a
        // query-only alert store of its own breaks that cycle.
        services.AddSingleton<ISilenceStore>(sp =>
        {
            var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
            var alertReader = new PostgresAlertStore(dataSource, sp.GetRequiredService<TimeProvider>(), events: sp.GetRequiredService<PostgresAlertEventLog>());
            return new PostgresSilenceStore(dataSource, alertReader, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IWebhookStore>(sp => new PostgresWebhookStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        // Event Hubs partition ownership and checkpoints, shared by every process consuming the hub (database clock).
        services.AddSingleton<IEventProcessorStore>(sp => new PostgresEventProcessorStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IReportDraftStore>(sp => new PostgresReportDraftStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPostureStore>(sp => new PostgresPostureStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPeerBenchmarkLedger>(sp => new PostgresPeerBenchmarkLedger(sp.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }
}
