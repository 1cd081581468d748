namespace Lepton.Monitor.Contracts.Residency;

/// <summary>
/// A grain of a jurisdiction with a residency rule was asked for while no silo of an allowed region is up. Placement
/// fails closed: the call fails with this (serializable, so it reaches clients and the api process) instead of
/// running the jurisdiction's data anywhere else.
/// </summary>
[GenerateSerializer, Alias("lepton.residency-placement-exception")]
public sealed class ResidencyPlacementException : Exception
{
    public ResidencyPlacementException(string jurisdiction, IReadOnlyList<string> allowedRegions)
        : base($"Data residency: jurisdiction '{jurisdiction}' may run only on silos of region(s) {string.Join(", ", allowedRegions)}, " +
               "and none is up; the call is refused rather than placed elsewhere (Lepton:Residency:Rules).")
    {
        Jurisdiction = jurisdiction;
        AllowedRegions = [.. allowedRegions];
    }

    [Id(0)]
    public string Jurisdiction { get; private set; }

    [Id(1)]
    public string[] AllowedRegions { get; private set; }
}
