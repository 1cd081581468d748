using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// Regions from Orleans' silo metadata cache. The local silo answers from its own configuration: the cache learns
/// about members asynchronously, and a silo must never refuse its own region's grains while it catches up.
/// </summary>
public sealed class SiloMetadataRegionLookup(ISiloMetadataCache metadata, ILocalSiloDetails local, SiloRegion own) : ISiloRegionLookup
{
    public string? RegionOf(SiloAddress silo) =>
        silo.Equals(local.SiloAddress) ? own.Name : metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloRegion.MetadataKey);
}
