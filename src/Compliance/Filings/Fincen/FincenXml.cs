using System.Xml.Linq;

namespace Lepton.Monitor.Compliance.Filings.Fincen;

/// <summary>
/// Building blocks of BSA E-Filing XML: the namespace, element order as the schemas require it, and the
/// batch-unique <c>SeqNum</c> every element carries. Empty optional values are left out rather than written blank.
/// </summary>
internal sealed class FincenXml
{
    public static readonly XNamespace Ns = "www.fincen.gov/base";

    private long _seq;

    /// <summary>An element with the next SeqNum and its children (nulls skipped).</summary>
    public XElement Seq(string name, params object?[] children) =>
        new(Ns + name, new XAttribute("SeqNum", ++_seq), children.Where(c => c is not null));

    /// <summary>A plain value element, or null (left out) when the value is empty.</summary>
    public static XElement? Value(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new XElement(Ns + name, Clean(value));

    /// <summary>A value element written even when empty (elements the schema requires, "" meaning "not checked").</summary>
    public static XElement Required(string name, string? value) => new(Ns + name, Clean(value ?? ""));

    public static XElement? Indicator(string name, bool set) => set ? new XElement(Ns + name, "Y") : null;

    public static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Dollars(decimal amount) => ReportTotals.WholeDollars(amount).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// FinCEN rejects a whole batch over leading/trailing blanks, line breaks or tabs in a value (schema pattern
    /// <c>\S+( +\S+)*|</c>): runs of whitespace become one space.
    /// </summary>
    public static string Clean(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>At most <paramref name="max"/> characters (FinCEN field lengths).</summary>
    public static string? Cut(string? value, int max) => value is null ? null : Clean(value) is var c && c.Length > max ? c[..max] : Clean(value);
}
