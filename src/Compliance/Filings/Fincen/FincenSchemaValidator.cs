using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Lepton.Monitor.Compliance.Filings.Fincen;

/// <summary>
/// Validates FinCEN batches against the public BSA E-Filing schemas vendored in Schemas/Fincen (from moov-io/fincen,
/// Apache-2.0) with .NET's <see cref="XmlSchemaSet"/>. SAR and CTR schemas share one namespace with different types,
/// so each has its own compiled set (compiled once, read-only afterwards). Every error is returned with the element
/// path, not only the first.
/// </summary>
public static class FincenSchemaValidator
{
    private static readonly Lazy<XmlSchemaSet> Sar = new(() => Load("EFL_SARXBatchSchema.xsd"));
    private static readonly Lazy<XmlSchemaSet> Ctr = new(() => Load("EFL_CTRXBatchSchema.xsd"));

    public static IReadOnlyList<ValidationIssue> Validate(XDocument batch, ReportType type)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var schemas = type switch
        {
            ReportType.FincenSar => Sar.Value,
            ReportType.FincenCtr => Ctr.Value,
            _ => throw new ArgumentException($"{ReportNames.Of(type)} has no FinCEN schema", nameof(type)),
        };
        var issues = new List<ValidationIssue>();
        batch.Validate(schemas, (sender, e) =>
        {
            var info = sender as IXmlLineInfo;
            issues.Add(new ValidationIssue(PathOf(sender as XObject), e.Message, "xsd",
                info?.HasLineInfo() == true ? info.LineNumber : null, info?.HasLineInfo() == true ? info.LinePosition : null));
        });
        return issues;
    }

    /// <summary>Parses and validates exported XML text (line numbers refer to it).</summary>
    public static IReadOnlyList<ValidationIssue> Validate(string xml, ReportType type)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return [new ValidationIssue("/", e.Message, "xml", e.LineNumber, e.LinePosition)];
        }
        return Validate(document, type);
    }

    /// <summary>An XPath-like location: <c>/EFilingBatchXML/Activity[1]/Party[6]/PartyName[1]</c>, attributes as <c>/@Name</c>.</summary>
    public static string PathOf(XObject? node)
    {
        switch (node)
        {
            case XAttribute attribute:
                return PathOf(attribute.Parent) + "/@" + attribute.Name.LocalName;
            case XElement element:
                var parts = new Stack<string>();
                for (var e = element; e is not null; e = e.Parent)
                {
                    if (e.Parent is null)
                    {
                        parts.Push(e.Name.LocalName);
                        break;
                    }
                    var index = e.ElementsBeforeSelf(e.Name).Count() + 1;
                    parts.Push($"{e.Name.LocalName}[{index}]");
                }
                return "/" + string.Join('/', parts);
            default:
                return "/";
        }
    }

    private static XmlSchemaSet Load(string file)
    {
        var name = "Schemas/Fincen/" + file;
        using var stream = typeof(FincenSchemaValidator).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the schema {name} is not embedded in {typeof(FincenSchemaValidator).Assembly.GetName().Name}");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return set;
    }
}
