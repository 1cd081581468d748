using System.Collections.Concurrent;
using Lepton.Monitor.Contracts.Residency;
using Orleans.Storage;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// The per-region grain storages this silo has stores for, opened on first use (a silo opens only the regions whose
/// grains it actually hosts). A region without a store fails the read or write: never the default store instead.
/// </summary>
public sealed class RegionalGrainStores(IReadOnlyDictionary<string, string> storeByRegion, IRegionalGrainStorageFactory factory)
{
    public const string Section = "Lepton:Residency:Storage";

    private readonly ConcurrentDictionary<string, Lazy<IGrainStorage>> _open = new(StringComparer.OrdinalIgnoreCase);

    public IGrainStorage For(ResidencyRule rule)
    {
        var region = rule.HomeRegion;
        if (!storeByRegion.TryGetValue(region, out var store) || string.IsNullOrWhiteSpace(store))
            throw new ResidencyStoreMissingException(rule.Jurisdiction, region);
        return _open.GetOrAdd(region, r => new Lazy<IGrainStorage>(() => factory.Create(r, store))).Value;
    }
}
