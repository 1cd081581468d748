namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// One scored indicator: its id (e.g. <c>products.cash-share</c>), family, measured value, score 1–4, the weight it
/// got, and whether the law makes it high-risk whatever the weights (<see cref="MandatoryHigh"/>).
/// </summary>
public sealed record RiskIndicator(string Id, RiskFactorFamily Family, decimal Value, int Score, int Weight, bool MandatoryHigh, string Basis);
