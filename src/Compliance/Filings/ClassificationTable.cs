namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// How an alert's rule kind classifies a report: the FinCEN SAR suspicious-activity type and subtype (codes of
/// EFL_SARXBatchSchema.xsd v1.2) and a goAML report indicator. One row per kind; kinds without a row (privacy rules,
/// drift, fairness) add nothing. goAML indicator lists are each FIU's own: these defaults name the concept and are
/// meant to be edited on the draft to the FIU's codes.
/// </summary>
public static class ClassificationTable
{
    public sealed record Row(string RuleKind, ReportClassification Sar, string GoAmlIndicator);

    public static IReadOnlyList<Row> Rows { get; } =
    [
        // Cash split below the CTR threshold: SAR item 29 "Structuring", "Transaction(s) below CTR threshold".
        new("structuring", new(1, 114, "Structuring: transaction(s) below CTR threshold"), "STRUCTURING"),
        // Counterparty or route in a FATF call-for-action / increased-monitoring country: item 38 "Other suspicious
        // activities", "Transaction(s) involving foreign high risk jurisdiction".
        new("high-risk-country", new(9, 928, "Transaction(s) involving foreign high risk jurisdiction"), "HIGH_RISK_JURISDICTION"),
        new("sanctioned-country", new(9, 928, "Transaction(s) involving foreign high risk jurisdiction"), "SANCTIONED_JURISDICTION"),
        // Bursts of transactions and model-detected anomalies: item 36 "Money laundering", out of pattern for the customer.
        new("velocity", new(8, 812, "Money laundering: transaction out of pattern for customer(s)"), "UNUSUAL_VELOCITY"),
        new("model-score", new(8, 812, "Money laundering: transaction out of pattern for customer(s)"), "UNUSUAL_PATTERN"),
        // Wire transfers missing travel-rule originator/beneficiary data: "Suspicious EFT/wire transfers".
        new("travel-rule", new(8, 805, "Money laundering: suspicious EFT/wire transfers"), "INCOMPLETE_WIRE_INFORMATION"),
        // Large cash on its own is a CTR matter; as a SAR it is "no apparent economic, business, or lawful purpose".
        new("threshold", new(9, 925, "Transaction with no apparent economic, business, or lawful purpose"), "LARGE_CASH"),
    ];

    /// <summary>The row for a rule kind, or null when the kind does not classify a report.</summary>
    public static Row? For(string ruleKind) => Rows.FirstOrDefault(r => r.RuleKind == ruleKind);

    /// <summary>The distinct SAR classifications of the given rule kinds, in table order.</summary>
    public static ReportClassification[] SarClassifications(IEnumerable<string> ruleKinds)
    {
        var kinds = ruleKinds.ToHashSet(StringComparer.Ordinal);
        return Rows.Where(r => kinds.Contains(r.RuleKind)).Select(r => r.Sar).Distinct().ToArray();
    }

    /// <summary>The distinct goAML indicators of the given rule kinds, in table order.</summary>
    public static string[] GoAmlIndicators(IEnumerable<string> ruleKinds)
    {
        var kinds = ruleKinds.ToHashSet(StringComparer.Ordinal);
        return Rows.Where(r => kinds.Contains(r.RuleKind)).Select(r => r.GoAmlIndicator).Distinct().ToArray();
    }
}
