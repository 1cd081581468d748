using Lepton.Monitor.Contracts.Residency;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// Keeps only the silos whose region the grain's jurisdiction allows, reading the jurisdiction from the grain key
/// (Orleans' own metadata filters compare against the placing silo, not the key). No allowed silo up: fail closed
/// with <see cref="ResidencyPlacementException"/>, never a fallback. Jurisdictions without a rule place normally.
/// Runs only when an activation is placed, not per call.
/// </summary>
public sealed class ResidencyPlacementDirector(ResidencyRules rules, ISiloRegionLookup regions) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        if (rules.ForGrain(target.GrainIdentity) is not { } rule)
            return silos;
        var allowed = silos.Where(silo => rule.Allows(regions.RegionOf(silo))).ToArray();
        if (allowed.Length == 0)
            throw new ResidencyPlacementException(rule.Jurisdiction, rule.Regions);
        return allowed;
    }
}
