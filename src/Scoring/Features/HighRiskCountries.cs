using System.Collections.Frozen;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Countries the model treats as high-risk (originator or beneficiary). A small fixed set on purpose:
/// the model was trained against exactly this set, so changing it means retraining, not reconfiguring.
/// Rule packs keep their own, configurable lists.
/// </summary>
public static class HighRiskCountries
{
    /// <summary>ISO 3166-1 alpha-2 codes, upper case.</summary>
    public static FrozenSet<string> Codes { get; } =
        new[] { "KP", "IR", "SY", "CU", "MM", "AF", "YE" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string? country) => country is not null && Codes.Contains(country);
}
