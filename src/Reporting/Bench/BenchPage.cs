using System.Xml.Linq;
using Lepton.Monitor.Reporting.Charts;
using Lepton.Monitor.Reporting.Html;
using static Lepton.Monitor.Reporting.Html.Html;

namespace Lepton.Monitor.Reporting.Bench;

/// <summary>Builds the bench page: targets met or missed first, then throughput and latency charts with their tables, then costs.</summary>
internal static class BenchPage
{
    public static (string Html, IReadOnlyList<ChartImage> Charts) Build(BenchReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Throughput is null || input.Latency is null || input.Costs is null || input.Checks is null)
            throw new ReportInputException("Throughput, Latency, Costs and Checks must not be null: pass empty lists for what was not measured");
        foreach (var t in input.Throughput)
            if (!double.IsFinite(t.PerSecond) || t.PerSecond < 0 || t.Target is <= 0 || t.Target is { } x && !double.IsFinite(x))
                throw new ReportInputException($"throughput '{t.Path}': {t.PerSecond} per second (target {t.Target}) is not a finite, non-negative figure");
        foreach (var l in input.Latency)
            foreach (var v in new[] { l.P50Ms, l.P99Ms, l.P90Ms ?? 0, l.MaxMs ?? 0, l.TargetP99Ms ?? 0 })
                if (!double.IsFinite(v) || v < 0)
                    throw new ReportInputException($"latency '{l.Scenario}': {v} ms is not a finite, non-negative figure");
        foreach (var c in input.Costs)
            if (!double.IsFinite(c.Value))
                throw new ReportInputException($"cost '{c.Name}': {c.Value} is not a finite figure");

        var page = new HtmlPage(input.Title, input.Source, input.GeneratedAt ?? DateTimeOffset.UtcNow, input.Figures);
        var charts = new List<ChartImage>();
        if (input.Throughput.Count == 0 && input.Latency.Count == 0 && input.Costs.Count == 0 && input.Checks.Count == 0)
        {
            page.Add(Section("throughput", "Throughput", Note("This bench run measured nothing to report.")));
            return (page.Render(), charts);
        }
        var checks = input.AllChecks();
        if (checks.Count > 0)
            page.Add(TargetsSection(checks));
        if (input.Throughput.Count > 0)
        {
            // One linear axis compares the paths in records/s; a figure in another unit (raw ONNX rows/s, often a
            // hundred times the rest) would flatten every other bar, so it is in the table only.
            var charted = input.Throughput.Where(t => t.Unit == ThroughputFigure.RecordsPerSecond).ToList();
            var tableOnly = input.Throughput.Where(t => t.Unit != ThroughputFigure.RecordsPerSecond).Select(t => t.Path).ToList();
            var image = charted.Count > 0 ? ChartRenderer.Throughput(charted, tableOnly) : null;
            if (image is not null)
                charts.Add(image);
            page.Add(Section("throughput", "Throughput", image is null ? null : Figure(image),
                Table("throughput", ["path", "per second", "unit", "target"], input.Throughput.Select(t => (IEnumerable<object>)
                [
                    t.Path, NumberCell(ReportNumbers.Figure(t.PerSecond)), t.Unit,
                    t.Target is { } target ? NumberCell("≥ " + ReportNumbers.Figure(target), t.PerSecond >= target ? "met" : "missed") : NumberCell("—", "muted"),
                ])).WithNumericHeaders(1, 1).WithNumericHeaders(3)));
        }
        if (input.Latency.Count > 0)
        {
            var images = input.Latency.Select((l, i) => ChartRenderer.Latency(l, i + 1)).ToList();
            charts.AddRange(images);
            page.Add(Section("latency", "Latency", El("div", Class("grid"), images.Select(Figure)),
                Table("latency", ["scenario", "p50 ms", "p90 ms", "p99 ms", "max ms", "p99 target"], input.Latency.Select(l => (IEnumerable<object>)
                [
                    l.Scenario, NumberCell(ReportNumbers.Figure(l.P50Ms)), NumberCell(Optional(l.P90Ms)), NumberCell(ReportNumbers.Figure(l.P99Ms)), NumberCell(Optional(l.MaxMs)),
                    l.TargetP99Ms is { } target ? NumberCell("≤ " + ReportNumbers.Figure(target), l.P99Ms <= target ? "met" : "missed") : NumberCell("—", "muted"),
                ])).WithNumericHeaders(1)));
        }
        if (input.Costs.Count > 0)
            page.Add(Section("costs", "Cost per record",
                Table("costs", ["figure", "value", "unit", "target"], input.Costs.Select(c => (IEnumerable<object>)
                [
                    c.Name, NumberCell(ReportNumbers.Figure(c.Value)), c.Unit,
                    c.TargetAtMost is { } target ? NumberCell("≤ " + ReportNumbers.Figure(target), c.Value <= target ? "met" : "missed") : NumberCell("—", "muted"),
                ])).WithNumericHeaders(1, 1).WithNumericHeaders(3)));
        return (page.Render(), charts);
    }

    private static XElement TargetsSection(IReadOnlyList<TargetCheck> checks)
    {
        var met = checks.Count(c => c.Met);
        return Section("targets", $"Targets: {met} of {checks.Count} met",
            Table("targets", ["target", "measured", "required", "result"], checks.Select(c => (IEnumerable<object>)
            [
                c.Name,
                NumberCell(Format(c.Measured) + c.Unit),
                NumberCell((c.AtLeast ? "≥ " : "≤ ") + Format(c.Target) + c.Unit),
                El("td", El("span", Class(c.Met ? "badge met" : "badge missed"), c.Met ? "met" : "missed")),
            ])).WithNumericHeaders(1, 2));
    }

    // Ratios (e.g. 0.9) keep their decimals; figures get thousands separators.
    private static string Format(double v) => Math.Abs(v) < 10 ? ReportNumbers.Statistic(v) : ReportNumbers.Figure(v);

    private static string Optional(double? v) => v is { } x ? ReportNumbers.Figure(x) : "—";
}
