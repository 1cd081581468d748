using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>The embedded default's durable store: one SQLite database under <c>Lepton:DataPath</c>.</summary>
public static class StorageExtensions
{
    public static IServiceCollection AddLeptonStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var dataPath = Path.GetFullPath(configuration["Lepton:DataPath"] ?? "./data");
        services.AddSingleton(_ => LeptonDatabase.Open(dataPath));
        services.AddSingleton<IRecordJournal>(sp => new SqliteRecordJournal(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertStore>(sp => new SqliteAlertStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeadLetterStore>(sp => new SqliteDeadLetterStore(sp.GetRequiredService<LeptonDatabase>()));
        services.AddSingleton<IApiKeyStore>(sp => new SqliteApiKeyStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        // Written only when alerts are published to a Kafka topic; its table is created on first use.
        services.AddSingleton<IAlertOutbox>(sp => new SqliteAlertOutbox(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITenantStore>(sp => new SqliteTenantStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
