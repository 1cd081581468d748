using Orleans.Placement;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>The placement filter of grains keyed by jurisdiction; its director is <see cref="ResidencyPlacementDirector"/>.</summary>
public sealed class ResidencyPlacementStrategy : PlacementFilterStrategy
{
    public ResidencyPlacementStrategy() : base(order: 0)
    {
    }
}
