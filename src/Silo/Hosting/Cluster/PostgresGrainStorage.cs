using Lepton.Monitor.Grains.Persistence;
using Lepton.Monitor.Grains.Placement;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>
/// Grain state on PostgreSQL through Orleans' own ADO.NET provider. Grains ask for the provider named
/// <see cref="SqliteGrainStorage.StorageName"/>; here that name forwards to an ADO.NET storage registered under its own
/// name, so the provider keeps its silo-lifecycle start (Orleans casts the named service to a lifecycle participant,
/// which a wrapper such as the residency router is not). State is written with the Orleans serializer, the same
/// binary form the embedded store keeps, instead of the provider's default Newtonsoft JSON with CLR type names.
/// </summary>
public static class PostgresGrainStorage
{
    public const string ProviderName = "lepton-postgres";

    /// <summary>The provider of a residency region's grain state (one per configured region).</summary>
    public static string RegionProviderName(string region) => $"{ProviderName}-{region.ToLowerInvariant()}";

    /// <summary>Call after <c>AddLeptonMonitoring</c> (it registers the embedded storage this replaces) and before <c>AddLeptonResidency</c>.</summary>
    public static ISiloBuilder AddLeptonPostgresGrainStorage(this ISiloBuilder silo, ClusterSettings settings, IConfiguration configuration)
    {
        var services = silo.Services;
        foreach (var embedded in services.Where(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, SqliteGrainStorage.StorageName)).ToArray())
            services.Remove(embedded);

        AddProvider(silo, ProviderName, settings.Postgres);
        services.AddKeyedSingleton<IGrainStorage>(SqliteGrainStorage.StorageName, (sp, _) => sp.GetRequiredKeyedService<IGrainStorage>(ProviderName));

        // Residency: each region's database gets its provider now, so the silo lifecycle opens it like the default one.
        var regions = configuration.GetSection(RegionalGrainStores.Section).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToArray();
        foreach (var region in regions)
        {
            if (string.Equals(region.Value, settings.Postgres, StringComparison.Ordinal))
                throw new Storage.StoreOpenException(
                    $"{RegionalGrainStores.Section}:{region.Key} is the cluster's own database; give the region a database of its own.");
            AddProvider(silo, RegionProviderName(region.Key), region.Value!);
        }
        if (regions.Length > 0)
            services.AddSingleton<IRegionalGrainStorageFactory, RegionalProviders>();
        return silo;
    }

    private static void AddProvider(ISiloBuilder silo, string name, string connectionString) =>
        silo.AddAdoNetGrainStorage(name, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = ClusterSettings.Invariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));

    /// <summary>The region's provider registered above; the store value (its connection string) was bound there.</summary>
    private sealed class RegionalProviders(IServiceProvider services) : IRegionalGrainStorageFactory
    {
        public IGrainStorage Create(string region, string store) => services.GetRequiredKeyedService<IGrainStorage>(RegionProviderName(region));
    }
}
