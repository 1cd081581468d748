namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// One computed posture of a (tenant, jurisdiction): inherent risk, controls quality, the residual class by the rule,
/// the override that applied (if any) and the final class, with the sources' editions so a later reader knows what it
/// was computed against. Stored as a snapshot per computation.
/// </summary>
public sealed record PostureAssessment(
    string Tenant,
    string Jurisdiction,
    DateTimeOffset At,
    DateTimeOffset PeriodStart,
    InherentRisk Inherent,
    ControlQualityResult Controls,
    RiskClass Residual,
    PostureOverride? Override,
    RiskClass Final,
    PostureWeights Weights,
    string BaselEdition,
    string HighRiskList);
