using System.Xml.Linq;
using static Lepton.Monitor.Compliance.Filings.Fincen.FincenXml;

namespace Lepton.Monitor.Compliance.Filings.Fincen;

/// <summary>
/// A draft as a FinCEN SAR batch (<c>EFL_SARXBatchSchema.xsd</c> v1.2, form SARX): one activity with the institution's
/// five parties, one subject party per subject, the suspicious activity (period, whole-dollar total, classifications)
/// and the narrative in blocks of 4,000 characters. Header totals come from <see cref="FincenBatchTotals"/>.
/// </summary>
public static class SarBatchWriter
{
    public const int NarrativeBlock = 4000;
    public const int MaxNarrativeBlocks = 5;

    public static XDocument Write(ReportDraft draft, DateOnly filingDate)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var x = new FincenXml();
        var c = draft.Content;
        var f = c.Filer;
        var activity = x.Seq("Activity",
            Value("EFilingPriorDocumentNumber", draft.PriorFiuReference),
            Required("FilingDateText", Date(filingDate)),
            x.Seq("ActivityAssociation",
                Indicator("ContinuingActivityReportIndicator", IsContinuing(draft)),
                Indicator("InitialReportIndicator", !IsContinuing(draft))),
            FincenParties.Transmitter(x, f),
            FincenParties.TransmitterContact(x, f),
            FincenParties.Institution(x, f, "30", sar: true),
            FincenParties.ContactOffice(x, f),
            FincenParties.Institution(x, f, "34", sar: true),
            c.Subjects.Select(s => x.Seq("Party",
                [Value("ActivityPartyTypeCode", "33"),
                 Value("IndividualBirthDateText", s.Identity?.BirthDate?.Replace("-", "", StringComparison.Ordinal)),
                 Indicator("PartyAsEntityOrganizationIndicator", s.Identity?.IsEntity == true),
                 .. FincenParties.SubjectDetails(x, s)])),
            x.Seq("SuspiciousActivity",
                Required("SuspiciousActivityFromDateText", Date(c.ActivityFrom)),
                Required("SuspiciousActivityToDateText", Date(c.ActivityTo)),
                Required("TotalSuspiciousAmountText", Dollars(ReportTotals.Amount(c))),
                c.Classifications.Select(k => x.Seq("SuspiciousActivityClassification",
                    Value("OtherSuspiciousActivityTypeText", k.SubtypeId % 1000 == 999 ? Cut(k.Label, 50) : null),
                    Required("SuspiciousActivitySubtypeID", k.SubtypeId.ToString(CultureInfo.InvariantCulture)),
                    Required("SuspiciousActivityTypeID", k.TypeId.ToString(CultureInfo.InvariantCulture))))),
            NarrativeBlocks(c.Narrative).Select((text, i) => x.Seq("ActivityNarrativeInformation",
                Required("ActivityNarrativeSequenceNumber", (i + 1).ToString(CultureInfo.InvariantCulture)),
                new XElement(Ns + "ActivityNarrativeText", text))));
        var batch = new XElement(Ns + "EFilingBatchXML",
            new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            new XElement(Ns + "FormTypeCode", "SARX"),
            activity);
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), batch);
        FincenBatchTotals.Apply(document, ReportType.FincenSar);
        return document;
    }

    /// <summary>A continuing-activity report refers to the prior report (its 14-digit BSA ID).</summary>
    private static bool IsContinuing(ReportDraft draft) => draft.PriorFiuReference is not null;

    /// <summary>The narrative in FinCEN's 4,000-character blocks (at most five; anything beyond is cut).</summary>
    public static IEnumerable<string> NarrativeBlocks(string narrative)
    {
        var text = narrative.Trim();
        if (text.Length == 0)
            text = "-";
        for (var i = 0; i < MaxNarrativeBlocks && i * NarrativeBlock < text.Length; i++)
            yield return text.Substring(i * NarrativeBlock, Math.Min(NarrativeBlock, text.Length - i * NarrativeBlock));
    }
}
