using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Registers <see cref="JournalTakeover"/> for api processes on PostgreSQL. Never in the embedded all-in-one: one process,
/// one SQLite journal, nothing to take over. Needs an <see cref="Npgsql.NpgsqlDataSource"/> and <see cref="IngestServiceExtensions.AddLeptonIngest"/>.
/// </summary>
public static class JournalTakeoverExtensions
{
    public static IServiceCollection AddLeptonJournalTakeover(this IServiceCollection services, IConfiguration configuration)
    {
        var partitions = configuration.GetSection("Lepton:Journal").Get<JournalPartitionOptions>() ?? new JournalPartitionOptions();
        partitions.Validate();
        services.TryAddSingleton(partitions);
        services.TryAddSingleton(configuration.GetSection("Lepton:Journal:Takeover").Get<JournalTakeoverOptions>() ?? new JournalTakeoverOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JournalTakeover>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalTakeover>());
        return services;
    }
}
