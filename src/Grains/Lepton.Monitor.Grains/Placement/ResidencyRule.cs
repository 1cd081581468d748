namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// Where one jurisdiction's grains may run: the allowed regions, in order. The first is its home region, the one
/// whose store holds its persisted state (a grain may move between allowed regions; its state must not).
/// </summary>
public sealed record ResidencyRule(string Jurisdiction, IReadOnlyList<string> Regions)
{
    public string HomeRegion => Regions[0];

    public bool Allows(string? region)
    {
        if (region is null)
            return false;
        foreach (var allowed in Regions)
            if (string.Equals(allowed, region, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
