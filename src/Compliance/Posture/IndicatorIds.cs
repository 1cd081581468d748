namespace Lepton.Monitor.Compliance.Posture;

/// <summary>The indicator ids, stable: weights name them.</summary>
public static class IndicatorIds
{
    public const string PepShare = "customers.pep-share";
    public const string NonResidentShare = "customers.non-resident-share";
    public const string CashShare = "products.cash-share";
    public const string CrossBorderShare = "products.cross-border-share";
    public const string CryptoShare = "products.crypto-share";
    public const string NonFaceToFaceShare = "channels.non-face-to-face-share";
    public const string BaselExposure = "geography.basel-aml-index-exposure";
    public const string CallForActionShare = "geography.call-for-action-share";

    /// <summary>Alert-rate indicators are <c>alerts.&lt;ruleKind&gt;-rate</c>, one per rule kind that raised alerts.</summary>
    public static string AlertRate(string ruleKind) => $"alerts.{ruleKind}-rate";

    public static readonly IReadOnlyList<string> Fixed =
        [PepShare, NonResidentShare, CashShare, CrossBorderShare, CryptoShare, NonFaceToFaceShare, BaselExposure, CallForActionShare];
}
