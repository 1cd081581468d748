using System.Xml.Linq;
using Lepton.Monitor.Compliance.Filings.Fincen;
using Lepton.Monitor.Compliance.Filings.GoAml;

namespace Lepton.Monitor.Compliance.Filings;

/// <summary>A draft rendered in its regulator's format, with every validation issue found (empty: valid).</summary>
public sealed record ReportExport(string Xml, IReadOnlyList<ValidationIssue> Issues)
{
    public bool IsValid => Issues.Count == 0;

    /// <summary>FinCEN: the batch validated against the vendored XSD. goAML: the coded structural rules.</summary>
    public static ReportExport Of(ReportDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var document = draft.Type switch
        {
            ReportType.FincenSar => SarBatchWriter.Write(draft, DateOnly.FromDateTime(now.UtcDateTime)),
            ReportType.FincenCtr => CtrBatchWriter.Write(draft, DateOnly.FromDateTime(now.UtcDateTime)),
            _ => GoAmlReportWriter.Write(draft, now),
        };
        var xml = Serialize(document);
        // Validated from the text as exported, so line numbers point into the file the officer downloads.
        var parsed = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        var issues = draft.Type.IsFincen() ? FincenSchemaValidator.Validate(parsed, draft.Type) : GoAmlRules.Check(parsed, draft.Type);
        return new ReportExport(xml, issues);
    }

    public static string Serialize(XDocument document)
    {
        using var writer = new Utf8StringWriter();
        document.Save(writer, SaveOptions.None);
        return writer.ToString();
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(CultureInfo.InvariantCulture) { }
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
