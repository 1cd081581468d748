namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// The inherent-risk result: every scored indicator, family scores, the weighted score 1–4 and its class, and whether a
/// legally mandatory high-risk indicator forced the class to high.
/// </summary>
public sealed record InherentRisk(
    IReadOnlyList<RiskIndicator> Indicators,
    IReadOnlyList<FamilyScore> Families,
    decimal Score,
    RiskClass Class,
    bool ForcedHigh,
    decimal UnlistedCountryShare);
