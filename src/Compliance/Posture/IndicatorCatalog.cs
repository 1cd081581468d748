namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Which family each indicator belongs to and the cut points that score it (value at or above a cut point scores
/// 2, 3, 4). Cut points are this product's calibration, documented in docs/posture-methodology.md.
/// </summary>
public static class IndicatorCatalog
{
    public sealed record Definition(string Id, RiskFactorFamily Family, decimal TwoFrom, decimal ThreeFrom, decimal FourFrom, string Basis);

    public static readonly IReadOnlyDictionary<string, Definition> Fixed = new Dictionary<string, Definition>
    {
        [IndicatorIds.PepShare] = new(IndicatorIds.PepShare, RiskFactorFamily.Customers, 0.01m, 0.03m, 0.10m, "share of customers who are PEPs"),
        [IndicatorIds.NonResidentShare] = new(IndicatorIds.NonResidentShare, RiskFactorFamily.Customers, 0.05m, 0.15m, 0.30m, "share of non-resident customers"),
        [IndicatorIds.CashShare] = new(IndicatorIds.CashShare, RiskFactorFamily.ProductsTransactions, 0.05m, 0.15m, 0.30m, "share of volume in cash"),
        [IndicatorIds.CrossBorderShare] = new(IndicatorIds.CrossBorderShare, RiskFactorFamily.ProductsTransactions, 0.10m, 0.25m, 0.50m, "share of cross-border volume"),
        [IndicatorIds.CryptoShare] = new(IndicatorIds.CryptoShare, RiskFactorFamily.ProductsTransactions, 0.01m, 0.05m, 0.15m, "share of volume in crypto-assets"),
        [IndicatorIds.NonFaceToFaceShare] = new(IndicatorIds.NonFaceToFaceShare, RiskFactorFamily.Channels, 0.25m, 0.50m, 0.75m, "share of customers served non-face-to-face"),
        [IndicatorIds.BaselExposure] = new(IndicatorIds.BaselExposure, RiskFactorFamily.Geography, 4.5m, 5.5m, 6.5m, "exposure-weighted Basel AML Index score (0–10)"),
        [IndicatorIds.CallForActionShare] = new(IndicatorIds.CallForActionShare, RiskFactorFamily.Geography, 0.000001m, 0.000001m, 0.000001m, "share of volume with FATF call-for-action countries"),
    };

    public static readonly IReadOnlyDictionary<RiskFactorFamily, IReadOnlyList<string>> FixedByFamily =
        Fixed.Values.GroupBy(d => d.Family).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(d => d.Id).ToList());

    /// <summary>Alerts per 1,000 records at or above which an alert-rate indicator scores 2, 3, 4.</summary>
    public static readonly (decimal Two, decimal Three, decimal Four) AlertRatePerThousand = (1m, 5m, 20m);

    /// <summary>Alert kinds about counterparties' countries count towards geography; the rest towards products/transactions.</summary>
    public static RiskFactorFamily FamilyOfRuleKind(string ruleKind) => ruleKind switch
    {
        "sanctioned-country" or "high-risk-country" or "travel-rule" => RiskFactorFamily.Geography,
        _ => RiskFactorFamily.ProductsTransactions,
    };
}
