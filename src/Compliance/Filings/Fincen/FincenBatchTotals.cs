using System.Xml.Linq;

namespace Lepton.Monitor.Compliance.Filings.Fincen;

/// <summary>
/// The batch header attributes, counted from the batch itself so they cannot disagree with it (FinCEN rejects a batch
/// whose totals are wrong). SAR: TotalAmount = Σ TotalSuspiciousAmountText, PartyCount = parties with type code 33
/// (subjects). CTR: TotalAmount = Σ TotalCashInReceiveAmountText + TotalCashOutAmountText, PartyCount = all parties.
/// ActivityCount = activities in both.
/// </summary>
public static class FincenBatchTotals
{
    public sealed record Totals(decimal TotalAmount, long PartyCount, long ActivityCount);

    public static Totals Compute(XDocument batch, ReportType type)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var ns = FincenXml.Ns;
        var root = batch.Root ?? throw new ArgumentException("an empty batch", nameof(batch));
        var activities = root.Elements(ns + "Activity").ToList();
        var parties = activities.SelectMany(a => a.Elements(ns + "Party")).ToList();
        return type switch
        {
            ReportType.FincenSar => new Totals(
                Sum(activities.SelectMany(a => a.Elements(ns + "SuspiciousActivity").Elements(ns + "TotalSuspiciousAmountText"))),
                parties.Count(p => (string?)p.Element(ns + "ActivityPartyTypeCode") == "33"),
                activities.Count),
            ReportType.FincenCtr => new Totals(
                Sum(activities.SelectMany(a => a.Elements(ns + "CurrencyTransactionActivity")
                    .SelectMany(t => t.Elements(ns + "TotalCashInReceiveAmountText").Concat(t.Elements(ns + "TotalCashOutAmountText"))))),
                parties.Count,
                activities.Count),
            _ => throw new ArgumentException($"{ReportNames.Of(type)} is not a FinCEN batch", nameof(type)),
        };
    }

    /// <summary>Writes the computed totals onto the root (and the attachment counts SARX requires, always 0 here).</summary>
    public static Totals Apply(XDocument batch, ReportType type)
    {
        var totals = Compute(batch, type);
        var root = batch.Root!;
        root.SetAttributeValue("TotalAmount", totals.TotalAmount.ToString(CultureInfo.InvariantCulture));
        root.SetAttributeValue("PartyCount", totals.PartyCount);
        root.SetAttributeValue("ActivityCount", totals.ActivityCount);
        if (type == ReportType.FincenSar)
        {
            root.SetAttributeValue("ActivityAttachmentCount", 0);
            root.SetAttributeValue("AttachmentCount", 0);
        }
        return totals;
    }

    private static decimal Sum(IEnumerable<XElement> amounts) =>
        amounts.Sum(e => decimal.TryParse(e.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0m);
}
