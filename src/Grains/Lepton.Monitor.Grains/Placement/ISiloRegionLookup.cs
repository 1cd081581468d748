namespace Lepton.Monitor.Grains.Placement;

/// <summary>The region of a silo of the cluster, or null when it has none (or it is not known yet).</summary>
public interface ISiloRegionLookup
{
    string? RegionOf(SiloAddress silo);
}
