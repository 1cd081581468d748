using System.Globalization;
using System.Xml.Linq;
using static Lepton.Monitor.Reporting.Html.Html;

namespace Lepton.Monitor.Reporting.Html;

/// <summary>The page frame every report shares: title, source, time, headline figures, then the sections; inline CSS only.</summary>
internal sealed class HtmlPage(string title, string? source, DateTimeOffset generatedAt, IReadOnlyList<ReportFigure> figures)
{
    private readonly List<XElement> _sections = [];

    public void Add(XElement section) => _sections.Add(section);

    public string Render()
    {
        var header = El("header",
            El("h1", title),
            El("p", Class("meta"),
                source is null ? null : El("span", Class("source"), source),
                El("span", Class("stamp"), "generated " + generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + " by lepton")),
            figures.Count == 0
                ? null
                : El("dl", Class("figures"), figures.Select(f => El("div", El("dt", f.Name), El("dd", f.Value)))));
        var html = El("html", new XAttribute("lang", "en"),
            El("head",
                El("meta", new XAttribute("charset", "utf-8")),
                El("meta", new XAttribute("name", "viewport"), new XAttribute("content", "width=device-width, initial-scale=1")),
                El("title", title + " — Lepton Monitor"),
                El("style", ReportStyle.Css)),
            El("body", header, El("main", _sections)));
        // Unformatted: indentation would put whitespace into cells and spans, which HTML renders.
        return "<!DOCTYPE html>\n" + html.ToString(SaveOptions.DisableFormatting) + "\n";
    }
}
