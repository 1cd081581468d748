using System.Xml.Linq;
using Lepton.Monitor.Reporting.Charts;
using Lepton.Monitor.Reporting.Html;
using static Lepton.Monitor.Reporting.Html.Html;

namespace Lepton.Monitor.Reporting.Drift;

/// <summary>Builds the drift page: the per-feature statistics table, then one reference-vs-current chart per feature.</summary>
internal static class DriftPage
{
    public static (string Html, IReadOnlyList<ChartImage> Charts) Build(DriftReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Features is null)
            throw new ReportInputException("Features is null: pass an empty list when there is nothing to compare");
        foreach (var f in input.Features)
        {
            if (string.IsNullOrWhiteSpace(f.Name))
                throw new ReportInputException("a feature has no name");
            if (f.Metrics is null)
                throw new ReportInputException($"feature '{f.Name}': Metrics is null");
        }
        var duplicate = input.Features.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ReportInputException($"feature '{duplicate.Key}' appears {duplicate.Count()} times");

        var page = new HtmlPage(input.Title, input.Source, input.GeneratedAt ?? DateTimeOffset.UtcNow, input.Figures);
        var charts = new List<ChartImage>();
        if (input.Features.Count == 0)
        {
            page.Add(Section("features", "Features", Note("There are no features to compare: the reference and current files have no columns in common.")));
            return (page.Render(), charts);
        }
        page.Add(TableSection(input));
        var figures = new List<XElement>();
        var i = 0;
        foreach (var f in input.Features)
        {
            i++;
            if (f.Histogram is null)
                continue;
            var image = ChartRenderer.DriftFeature($"feature-{i:00}-{Slug(f.Name)}.png", f.Name, f.Histogram, f.Drifted);
            charts.Add(image);
            figures.Add(Figure(image));
        }
        page.Add(Section("distributions", "Reference and current distributions",
            figures.Count == 0 ? Note("No feature came with its distributions, so only the statistics are shown.") : El("div", Class("grid"), figures)));
        return (page.Render(), charts);
    }

    private static XElement TableSection(DriftReportInput input)
    {
        var metricNames = new List<string>();
        foreach (var f in input.Features)
            foreach (var m in f.Metrics)
                if (!metricNames.Contains(m.Name))
                    metricNames.Add(m.Name);
        var rows = input.Features.Select(f =>
        {
            var cells = new List<object>
            {
                El("td", Class("feature"), f.Name),
                El("td", El("span", Class(f.Drifted ? "badge drifted" : "badge stable"), f.Drifted ? "drifted" : "stable")),
            };
            foreach (var name in metricNames)
            {
                var m = f.Metrics.FirstOrDefault(x => x.Name == name);
                cells.Add(m is null
                    ? NumberCell("", "muted")
                    : NumberCell(ReportNumbers.Statistic(m.Value) + (m.Threshold is { } t ? $" ({(m.LowerIsWorse ? "<" : "≥")} {ReportNumbers.Statistic(t)})" : ""), m.Crossed ? "crossed" : null));
            }
            cells.Add(El("td", Class("muted"), f.Reasons ?? ""));
            return (IEnumerable<object>)cells;
        });
        var table = Table("features", ["feature", "verdict", .. metricNames, "reasons"], rows).WithNumericHeaders(2, metricNames.Count);
        var verdict = input.DatasetDrift is { } d
            ? El("p", "Dataset: ", El("span", Class(d ? "badge drifted" : "badge stable"), d ? "drifted" : "stable"),
                $" — {input.Features.Count(f => f.Drifted)} of {input.Features.Count} features drifted.")
            : El("p", $"{input.Features.Count(f => f.Drifted)} of {input.Features.Count} features drifted.");
        return Section("features", "Drift per feature", verdict, table,
            El("p", Class("muted"), "Red: the statistic crossed its threshold (shown in brackets)."));
    }

    /// <summary>A file-name-safe form of a feature name (letters, digits and dashes; at most 40 characters).</summary>
    internal static string Slug(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length > 40) slug = slug[..40];
        return slug.Length == 0 ? "feature" : slug;
    }
}
