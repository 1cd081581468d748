using System.Collections.Frozen;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Jurisdiction codes that are not countries. Region fields (jurisdictions, dataSubjectRegion, processingRegion)
/// accept these or an ISO 3166-1 alpha-2 country.
/// </summary>
public static class JurisdictionCodes
{
    /// <summary>The EU rule pack; every EU member state maps to it.</summary>
    public const string Eu = "EU";

    /// <summary>European Economic Area (EU + IS, LI, NO): GDPR applies, so it resolves to the EU pack.</summary>
    public const string Eea = "EEA";

    /// <summary>FATF baseline pack for countries without a pack of their own.</summary>
    public const string Global = "GLOBAL";

    public static FrozenSet<string> NonCountry { get; } = FrozenSet.Create(StringComparer.Ordinal, Eu, Eea, Global);

    /// <summary>True for a country code or one of <see cref="NonCountry"/>.</summary>
    public static bool IsRegion(string? code) => code is not null && (IsoCodes.Countries.Contains(code) || NonCountry.Contains(code));
}
