using System.Xml.Linq;
using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Compliance.Filings.Fincen;

namespace Lepton.Monitor.Compliance.Tests.Filings;

public sealed class FincenBatchTests
{
    private static readonly XNamespace Ns = FincenXml.Ns;
    private static readonly DateOnly FilingDate = new(2026, 12, 4);

    [Fact]
    public void Sar_batch_of_a_structuring_draft_validates_against_the_xsd()
    {
        var batch = SarBatchWriter.Write(Samples.Draft(ReportType.FincenSar, Samples.Structuring()), FilingDate);

        Assert.Empty(FincenSchemaValidator.Validate(batch, ReportType.FincenSar));
        Assert.Equal("SARX", batch.Root!.Element(Ns + "FormTypeCode")!.Value);
        var classes = batch.Descendants(Ns + "SuspiciousActivityClassification")
            .Select(c => (c.Element(Ns + "SuspiciousActivityTypeID")!.Value, c.Element(Ns + "SuspiciousActivitySubtypeID")!.Value)).ToList();
        Assert.Equal([("1", "114"), ("9", "928")], classes);
    }

    [Fact]
    public void Sar_header_totals_are_computed_from_the_batch()
    {
        var draft = Samples.Draft(ReportType.FincenSar, Samples.Structuring());
        draft = draft with { Content = draft.Content with { Subjects = [.. draft.Content.Subjects, new ReportParty("p_second00000000000000000", [], "MX")] } };

        var root = SarBatchWriter.Write(draft, FilingDate).Root!;

        // 9,500.40 + 9,400 + 9,800.60 = 28,701 whole dollars; two subjects (type 33) of seven parties; one activity.
        Assert.Equal("28701", root.Descendants(Ns + "TotalSuspiciousAmountText").Single().Value);
        Assert.Equal("28701", root.Attribute("TotalAmount")!.Value);
        Assert.Equal("2", root.Attribute("PartyCount")!.Value);
        Assert.Equal(7, root.Descendants(Ns + "Party").Count());
        Assert.Equal("1", root.Attribute("ActivityCount")!.Value);
    }

    [Fact]
    public void Seq_nums_are_unique_and_a_long_narrative_takes_several_blocks()
    {
        var draft = Samples.Draft(ReportType.FincenSar, Samples.Structuring());
        draft = draft with { Content = draft.Content with { Narrative = new string('x', 9_000) } };

        var batch = SarBatchWriter.Write(draft, FilingDate);

        Assert.Empty(FincenSchemaValidator.Validate(batch, ReportType.FincenSar));
        var seqs = batch.Descendants().Select(e => (string?)e.Attribute("SeqNum")).Where(s => s is not null).ToList();
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.Equal([4000, 4000, 1000], batch.Descendants(Ns + "ActivityNarrativeText").Select(t => t.Value.Length));
    }

    [Fact]
    public void A_filled_subject_is_written_with_name_birth_date_and_ssn_and_still_validates()
    {
        var draft = Samples.Draft(ReportType.FincenSar, Samples.Structuring());
        draft = draft with { Content = draft.Content with { Subjects = [draft.Content.Subjects[0] with { Identity = Samples.Identity }] } };

        var batch = SarBatchWriter.Write(draft, FilingDate);

        Assert.Empty(FincenSchemaValidator.Validate(batch, ReportType.FincenSar));
        var subject = batch.Descendants(Ns + "Party").Single(p => (string?)p.Element(Ns + "ActivityPartyTypeCode") == "33");
        Assert.Equal("Doe", subject.Descendants(Ns + "RawEntityIndividualLastName").Single().Value);
        Assert.Equal("19801025", subject.Element(Ns + "IndividualBirthDateText")!.Value);
        Assert.Equal("1", subject.Descendants(Ns + "PartyIdentificationTypeCode").Single().Value);
        Assert.DoesNotContain("p_subject", subject.ToString());
    }

    [Fact]
    public void A_broken_sar_batch_fails_with_the_element_named()
    {
        var batch = SarBatchWriter.Write(Samples.Draft(ReportType.FincenSar, Samples.Structuring()), FilingDate);
        // A subtype FinCEN does not know, and a subject party without its type code.
        batch.Descendants(Ns + "SuspiciousActivitySubtypeID").First().Value = "777";
        var subject = batch.Descendants(Ns + "Party").Single(p => (string?)p.Element(Ns + "ActivityPartyTypeCode") == "33");
        subject.Element(Ns + "ActivityPartyTypeCode")!.Remove();

        var issues = FincenSchemaValidator.Validate(ReportExport.Serialize(batch), ReportType.FincenSar);

        Assert.Contains(issues, i => i.Path == "/EFilingBatchXML/Activity[1]/SuspiciousActivity[1]/SuspiciousActivityClassification[1]/SuspiciousActivitySubtypeID[1]"
            && i.Message.Contains("SuspiciousActivitySubtypeID", StringComparison.Ordinal) && i.Line is > 0);
        Assert.Contains(issues, i => i.Path == "/EFilingBatchXML/Activity[1]/Party[6]" && i.Message.Contains("ActivityPartyTypeCode", StringComparison.Ordinal)
            || i.Path.StartsWith("/EFilingBatchXML/Activity[1]/Party[6]/", StringComparison.Ordinal));
        Assert.All(issues, i => Assert.Equal("xsd", i.Source));
    }

    [Fact]
    public void A_value_too_long_for_its_field_is_reported_at_its_path()
    {
        var batch = SarBatchWriter.Write(Samples.Draft(ReportType.FincenSar, Samples.Structuring()), FilingDate);
        batch.Descendants(Ns + "RawZIPCode").First().Value = "1234567890";

        var issue = Assert.Single(FincenSchemaValidator.Validate(batch, ReportType.FincenSar));

        Assert.Equal("/EFilingBatchXML/Activity[1]/Party[1]/Address[1]/RawZIPCode[1]", issue.Path);
    }

    [Fact]
    public void Ctr_batch_has_one_activity_per_subject_and_day_and_validates()
    {
        var draft = Samples.Draft(ReportType.FincenCtr, [.. Samples.Structuring(), Samples.Cash("eur", Samples.Day, 50_000m, currency: "EUR")]);

        var batch = CtrBatchWriter.Write(draft, FilingDate);

        Assert.Empty(FincenSchemaValidator.Validate(batch, ReportType.FincenCtr));
        var root = batch.Root!;
        Assert.Equal("CTRX", root.Element(Ns + "FormTypeCode")!.Value);
        // Day 1: 9,500.40 + 9,400 = 18,900 (rounded); day 2: 9,801. The EUR record is not a USD cash amount.
        Assert.Equal(["18900", "9801"], root.Descendants(Ns + "TotalCashInReceiveAmountText").Select(e => e.Value));
        Assert.Equal("28701", root.Attribute("TotalAmount")!.Value);
        Assert.Equal("2", root.Attribute("ActivityCount")!.Value);
        Assert.Equal(root.Descendants(Ns + "Party").Count().ToString(System.Globalization.CultureInfo.InvariantCulture), root.Attribute("PartyCount")!.Value);
        Assert.Equal(["55", "55"], root.Descendants(Ns + "CurrencyTransactionActivityDetailTypeCode").Select(e => e.Value));
    }

    [Fact]
    public void A_broken_ctr_batch_fails_with_the_element_named()
    {
        var batch = CtrBatchWriter.Write(Samples.Draft(ReportType.FincenCtr, Samples.Structuring()), FilingDate);
        batch.Descendants(Ns + "TransactionDateText").First().Value = "2026-11-02";

        var issue = Assert.Single(FincenSchemaValidator.Validate(batch, ReportType.FincenCtr));

        Assert.Equal("/EFilingBatchXML/Activity[1]/CurrencyTransactionActivity[1]/TransactionDateText[1]", issue.Path);
        Assert.Contains("TransactionDateText", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_draft_without_filer_details_exports_with_issues_not_an_exception()
    {
        var draft = Samples.Draft(ReportType.FincenSar, Samples.Structuring());
        draft = draft with { Content = draft.Content with { Filer = new FilingInstitution() } };

        var export = ReportExport.Of(draft, Samples.Day.AddDays(30));

        // Only the regulator code is schema-checked among the missing filer values; the rest is optional in the XSD.
        Assert.True(export.IsValid || export.Issues.All(i => i.Source == "xsd"));
        Assert.StartsWith("<?xml", export.Xml, StringComparison.Ordinal);
    }
}
