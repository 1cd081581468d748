namespace Lepton.Monitor.Contracts.Residency;

/// <summary>
/// The state of a jurisdiction with a residency rule belongs in its home region's store, and this silo has no store
/// configured for that region (<c>Lepton:Residency:Storage:&lt;region&gt;</c>). Reads and writes fail rather than fall
/// back to the silo's default store.
/// </summary>
[GenerateSerializer, Alias("lepton.residency-store-missing-exception")]
public sealed class ResidencyStoreMissingException : Exception
{
    public ResidencyStoreMissingException(string jurisdiction, string region)
        : base($"Data residency: the state of jurisdiction '{jurisdiction}' belongs in region '{region}', and this silo has no " +
               $"store for it (Lepton:Residency:Storage:{region}); refusing to read or write it anywhere else.")
    {
        Jurisdiction = jurisdiction;
        Region = region;
    }

    [Id(0)]
    public string Jurisdiction { get; private set; }

    [Id(1)]
    public string Region { get; private set; }
}
