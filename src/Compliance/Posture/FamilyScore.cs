namespace Lepton.Monitor.Compliance.Posture;

/// <summary>A family's weighted mean of its indicator scores (rounded to 2 decimals) and the family weight it carried.</summary>
public sealed record FamilyScore(RiskFactorFamily Family, decimal Score, int WeightPercent);
