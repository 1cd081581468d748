using Orleans.Metadata;
using Orleans.Placement;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// Marks a grain keyed <c>tenant/jurisdiction[/shard]</c> whose activations must honour the residency rules. The
/// filter is published only on silos where residency is configured (<see cref="ResidencyRules"/> registered): the
/// all-in-one without a region or rules places exactly as it did before the filter existed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ResidencyPlacementAttribute() : PlacementFilterAttribute(new ResidencyPlacementStrategy())
{
    public override void Populate(IServiceProvider services, Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        if (services.GetService(typeof(ResidencyRules)) is not null)
            base.Populate(services, grainClass, grainType, properties);
    }
}
