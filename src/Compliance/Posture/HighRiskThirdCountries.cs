namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Countries whose exposure the law treats as high-risk whatever a tenant's weights say: the FATF "High-Risk
/// Jurisdictions subject to a Call for Action" (DPRK, Iran, Myanmar; unchanged from October 2022 through the 2025
/// plenaries), for which AMLR (EU) 2024/1624 Art. 29 and FATF R.19 require enhanced due diligence and countermeasures.
/// </summary>
public static class HighRiskThirdCountries
{
    public const string ListName = "FATF High-Risk Jurisdictions subject to a Call for Action (KP, IR, MM)";

    public static readonly IReadOnlySet<string> CallForAction = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "KP", "IR", "MM" };

    /// <summary>Exposure at or above this share of volume makes the whole (tenant, jurisdiction) high inherent risk.</summary>
    public const decimal MaterialShare = 0.005m;
}
