using System.Xml.Linq;

namespace Lepton.Monitor.Reporting.Html;

/// <summary>
/// XHTML-shaped elements built with LINQ to XML, so every value is escaped and the page is well-formed by construction.
/// Non-void elements always get an end tag: HTML reads <c>&lt;td /&gt;</c> as an open tag.
/// </summary>
internal static class Html
{
    private static readonly HashSet<string> Void = ["meta", "img", "br", "hr", "col"];

    public static XElement El(string name, params object?[] content)
    {
        var e = new XElement(name, content.Where(c => c is not null));
        if (!Void.Contains(name) && e.IsEmpty)
            e.Add(string.Empty);
        return e;
    }

    public static XAttribute Class(string name) => new("class", name);

    public static XElement Table(string className, IReadOnlyList<string> headers, IEnumerable<IEnumerable<object>> rows) =>
        El("table", Class(className),
            El("thead", El("tr", headers.Select(h => El("th", h)))),
            El("tbody", rows.Select(r => El("tr", r.Select(Cell)))));

    /// <summary>Right-aligns the headers from <paramref name="first"/> on, over number columns.</summary>
    public static XElement WithNumericHeaders(this XElement table, int first, int count = int.MaxValue)
    {
        foreach (var th in table.Element("thead")!.Element("tr")!.Elements("th").Skip(first).Take(count))
            th.SetAttributeValue("class", "num");
        return table;
    }

    /// <summary>A cell: an element as given (e.g. one with a class), anything else as text.</summary>
    private static XElement Cell(object c) => c is XElement e && e.Name == "td" ? e : El("td", c);

    /// <summary>A number cell with a bar under it showing <paramref name="share"/> (0–1) of the cell's width.</summary>
    public static XElement MeterCell(string text, double? share, string? extraClass = null) =>
        El("td", Class("num meter" + (extraClass is null ? "" : " " + extraClass)),
            El("span", Class("value"), text),
            // An empty track when there is no value, so every row keeps the same height.
            El("span", Class("track"), share is { } s && double.IsFinite(s)
                ? El("span", Class("fill"), new XAttribute("style", $"width:{Math.Clamp(s, 0, 1) * 100:0.#}%"))
                : null));

    public static XElement NumberCell(string text, string? extraClass = null) =>
        El("td", Class(extraClass is null ? "num" : "num " + extraClass), text);

    /// <summary>A chart embedded as a data: URI (the page needs no other file) with its caption.</summary>
    public static XElement Figure(ChartImage chart) =>
        El("figure",
            El("img",
                new XAttribute("src", "data:image/png;base64," + Convert.ToBase64String(chart.Png)),
                new XAttribute("alt", chart.Caption),
                new XAttribute("width", chart.Width),
                new XAttribute("height", chart.Height)),
            El("figcaption", chart.Caption));

    /// <summary>A highlighted paragraph that says why something is not drawn and how to get it.</summary>
    public static XElement Note(string text) => El("p", Class("note"), text);

    public static XElement Section(string id, string heading, params object?[] content) =>
        El("section", new XAttribute("id", id), El("h2", heading), content);
}
