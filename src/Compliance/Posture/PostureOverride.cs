namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// A manual override of a (tenant, jurisdiction)'s residual class by at most one class, with the reason and an expiry;
/// <see cref="FromClass"/> is the computed class it was set against (an override stops applying once the computed class
/// moves away from it, so a stale judgement never sticks to a changed picture).
/// </summary>
public sealed record PostureOverride(
    string Id,
    string Tenant,
    string Jurisdiction,
    RiskClass FromClass,
    RiskClass ToClass,
    string Reason,
    DateTimeOffset ExpiresAt,
    string CreatedBy,
    DateTimeOffset CreatedAt);
