namespace Lepton.Monitor.Grains.Placement;

/// <summary>This silo's region (<c>Lepton:Cluster:Region</c>), published to the cluster as silo metadata; null when none is set.</summary>
public sealed record SiloRegion(string? Name)
{
    public const string ConfigKey = "Lepton:Cluster:Region";

    /// <summary>The silo metadata key other silos read the region from.</summary>
    public const string MetadataKey = "lepton.region";
}
