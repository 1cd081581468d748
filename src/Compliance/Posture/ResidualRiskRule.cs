namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Residual risk from the inherent class I and the controls class C on the same 1–4 scale (higher is worse). When the
/// controls are better than the risk (C &lt; I), the residual is their average, rounded up to the more severe class:
/// ⌈(I + C) / 2⌉, computed in integers as (I + C + 1) / 2. When they are not better (C ≥ I), the residual is the inherent
/// class: controls mitigate, they never raise the class above the inherent risk (the draft RTS's averaging, as read by
/// commenters on the EBA consultation; see docs/posture-methodology.md).
/// </summary>
public static class ResidualRiskRule
{
    public static RiskClass Apply(RiskClass inherent, ControlQuality controls)
    {
        var i = (int)inherent;
        var c = (int)controls;
        return c < i ? (RiskClass)((i + c + 1) / 2) : inherent;
    }
}
