using Lepton.Monitor.Grains.Persistence;
using Lepton.Monitor.Grains.Placement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>
/// Data residency on a silo: its region (<c>Lepton:Cluster:Region</c>, published as silo metadata
/// <c>lepton.region</c>), the placement filter that keeps a ruled jurisdiction's grains on silos of its allowed
/// regions (<c>Lepton:Residency:Rules</c>), and grain state routed to the home region's store
/// (<c>Lepton:Residency:Storage</c>). With no region and no rules (the all-in-one default) nothing is registered.
/// </summary>
public static class ResidencyExtensions
{
    /// <summary>Call after <c>AddLeptonMonitoring</c>: it wraps the grain storage registered there.</summary>
    public static IHostApplicationBuilder AddLeptonResidency(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var region = configuration[SiloRegion.ConfigKey] is { } r && !string.IsNullOrWhiteSpace(r) ? r.Trim() : null;
        var rules = ResidencyRules.Parse(configuration.GetSection(ResidencyRules.Section));
        if (region is null && rules.IsEmpty)
            return builder;

        var stores = configuration.GetSection(RegionalGrainStores.Section).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        // A silo that may host a jurisdiction must reach its home region's store: say so at start, not on first write.
        var missing = rules.HomeRegionsHostedBy(region).Where(home => !stores.ContainsKey(home)).ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException(
                $"This silo (region '{region}') may host jurisdictions whose state lives in region(s) {string.Join(", ", missing)}, " +
                $"but has no store for them: set {RegionalGrainStores.Section}:<region> for each.");

        builder.UseOrleans(silo => silo.UseSiloMetadata(region is null ? [] : new Dictionary<string, string> { [SiloRegion.MetadataKey] = region }));
        var services = builder.Services;
        services.AddSingleton(rules);
        services.AddSingleton(new SiloRegion(region));
        services.AddSingleton<ISiloRegionLookup, SiloMetadataRegionLookup>();
        services.AddPlacementFilter<ResidencyPlacementStrategy, ResidencyPlacementDirector>(ServiceLifetime.Transient);
        if (!rules.IsEmpty)
            RouteGrainStateByRegion(services, configuration, rules, stores);
        return builder;
    }

    private static void RouteGrainStateByRegion(IServiceCollection services, IConfiguration configuration, ResidencyRules rules, Dictionary<string, string> stores)
    {
        // The embedded store's regions; a database-backed store registers its own factory first (region → connection string).
        var dataPath = Path.GetFullPath(configuration["Lepton:DataPath"] ?? "./data");
        var createIfEmpty = configuration.GetValue<bool>("Lepton:Store:CreateIfEmpty");
        services.TryAddSingleton<IRegionalGrainStorageFactory>(sp => new SqliteRegionalGrainStorageFactory(
            dataPath, createIfEmpty, sp.GetRequiredService<Serializer>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RegionalGrainStores(stores, sp.GetRequiredService<IRegionalGrainStorageFactory>()));

        // Wrap whatever grain storage the grains' provider name resolves to now: unconstrained jurisdictions keep it.
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService
                                                && Equals(d.ServiceKey, SqliteGrainStorage.StorageName) && d.KeyedImplementationFactory is not null)
            ?? throw new InvalidOperationException($"AddLeptonResidency needs the '{SqliteGrainStorage.StorageName}' grain storage registered first (AddLeptonMonitoring).");
        services.Remove(inner);
        services.AddKeyedSingleton<IGrainStorage>(SqliteGrainStorage.StorageName, (sp, key) => new ResidencyGrainStorage(
            rules, (IGrainStorage)inner.KeyedImplementationFactory!(sp, key), sp.GetRequiredService<RegionalGrainStores>()));
    }
}
