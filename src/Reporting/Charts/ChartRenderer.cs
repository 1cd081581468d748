using Lepton.Monitor.Reporting.Backtest;
using Lepton.Monitor.Reporting.Bench;
using Lepton.Monitor.Reporting.Drift;
using ScottPlot;

namespace Lepton.Monitor.Reporting.Charts;

/// <summary>The reports' charts, drawn headless to PNG with ScottPlot (SkiaSharp underneath).</summary>
internal static class ChartRenderer
{
    /// <summary>Most points a curve is drawn with: a million-record backtest has up to a million distinct scores.</summary>
    private const int MaxCurvePoints = 2_000;

    public static ChartImage PrecisionRecall(PrecisionRecallCurve curve, PrecisionRecallPoint? operatingPoint)
    {
        var plot = ChartStyle.NewPlot("Precision-recall curve of the model rule");
        var points = Thin(curve.Points);
        var line = plot.Add.Scatter(points.Select(p => p.Recall).ToArray(), points.Select(p => p.Precision).ToArray());
        line.Color = ChartStyle.Primary;
        line.LineWidth = 2;
        line.MarkerSize = points.Count <= 30 ? 5 : 0;
        line.LegendText = $"average precision {curve.AveragePrecision:0.000}";
        var baseline = plot.Add.HorizontalLine((double)curve.Positives / (curve.Positives + curve.Negatives));
        baseline.Color = Colors.Gray;
        baseline.LinePattern = LinePattern.Dotted;
        baseline.LegendText = "share of positives (a random score)";
        if (operatingPoint is { Precision: var p } op && double.IsFinite(p))
        {
            var marker = plot.Add.Marker(op.Recall, p);
            marker.Color = ChartStyle.Target;
            marker.MarkerSize = 12;
            marker.LegendText = $"rule threshold {ReportNumbers.Statistic(op.Threshold)}: P {p:0.000}, R {op.Recall:0.000}";
        }
        plot.XLabel("recall");
        plot.YLabel("precision");
        plot.Axes.SetLimits(0, 1.02, 0, 1.05);
        plot.ShowLegend(Alignment.UpperRight); // a curve starts high on the left and falls: the upper right is where it is not
        return ChartStyle.Render(plot, "model-precision-recall.png", "Precision against recall as the model rule's threshold sweeps from the highest score down.", width: 600, height: 420);
    }

    public static ChartImage ScoreHistogram(LabelledHistogram histogram, double? threshold, string positiveLabel, string negativeLabel)
    {
        var plot = ChartStyle.NewPlot("Model score by truth label");
        var positives = histogram.Positive.Sum();
        var negatives = histogram.Negative.Sum();
        // Each label as a share of its own records: positives are rare, and drawn as counts they would not show.
        // Side by side within each bin (left half, right half): overlaid, the larger bar would hide the smaller.
        AddBars(plot, histogram.Edges, histogram.Negative, negatives, ChartStyle.Negative, $"{negativeLabel} (n = {ReportNumbers.Count(negatives)})", half: -1);
        AddBars(plot, histogram.Edges, histogram.Positive, positives, ChartStyle.Positive, $"{positiveLabel} (n = {ReportNumbers.Count(positives)})", half: +1);
        if (threshold is { } t)
        {
            var line = plot.Add.VerticalLine(t);
            line.Color = ChartStyle.Target;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.LegendText = $"rule threshold {ReportNumbers.Statistic(t)}";
        }
        plot.XLabel("model score");
        plot.YLabel("share of the label's records");
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(histogram.Edges[0], histogram.Edges[^1]);
        plot.ShowLegend(Alignment.UpperCenter);
        return ChartStyle.Render(plot, "model-score-histogram.png", "Each truth label's scores as a share of that label's records; a good model separates the two.", width: 600, height: 420);
    }

    public static ChartImage KindScores(IReadOnlyList<KindScoreRow> rows)
    {
        var plot = ChartStyle.NewPlot("Precision and recall per rule kind");
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < rows.Count; i++)
        {
            var y = rows.Count - 1 - i; // first row at the top
            bars.Add(new Bar { Position = y + 0.18, Value = rows[i].Precision ?? 0, FillColor = ChartStyle.Primary, Size = 0.34, Orientation = Orientation.Horizontal });
            bars.Add(new Bar { Position = y - 0.18, Value = rows[i].Recall ?? 0, FillColor = ChartStyle.Secondary, Size = 0.34, Orientation = Orientation.Horizontal });
            ticks.Add(new Tick(y, rows[i].Kind));
        }
        plot.Add.Bars(bars);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimits(0, 1.0, -0.6, rows.Count - 0.4);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "precision", FillColor = ChartStyle.Primary });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "recall", FillColor = ChartStyle.Secondary });
        plot.ShowLegend(Edge.Right);
        plot.XLabel("share");
        return ChartStyle.Render(plot, "kind-scores.png", "Precision and recall of each rule kind with ground truth (kinds without truth are left out).",
            height: Math.Max(260, 90 + 44 * rows.Count));
    }

    public static ChartImage DriftFeature(string fileName, string feature, FeatureHistogram histogram, bool drifted)
    {
        var plot = ChartStyle.NewPlot($"{feature}{(drifted ? " — drifted" : "")}");
        var referenceTotal = histogram.Reference.Sum();
        var currentTotal = histogram.Current.Sum();
        if (histogram.Edges is { } edges)
        {
            var e = edges.ToArray();
            AddBars(plot, e, histogram.Reference, referenceTotal, ChartStyle.Reference, $"reference (n = {ReportNumbers.Count(referenceTotal)})", half: -1);
            AddBars(plot, e, histogram.Current, currentTotal, ChartStyle.Current, $"current (n = {ReportNumbers.Count(currentTotal)})", half: +1);
            plot.XLabel(feature);
        }
        else
        {
            var bars = new List<Bar>();
            var ticks = new List<Tick>();
            for (var i = 0; i < histogram.BinLabels.Count; i++)
            {
                bars.Add(new Bar { Position = i - 0.2, Value = Share(histogram.Reference[i], referenceTotal), FillColor = ChartStyle.Reference, Size = 0.38 });
                bars.Add(new Bar { Position = i + 0.2, Value = Share(histogram.Current[i], currentTotal), FillColor = ChartStyle.Current, Size = 0.38 });
                ticks.Add(new Tick(i, histogram.BinLabels[i]));
            }
            plot.Add.Bars(bars);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
            if (histogram.BinLabels.Count > 8)
            {
                plot.Axes.Bottom.TickLabelStyle.Rotation = 40;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"reference (n = {ReportNumbers.Count(referenceTotal)})", FillColor = ChartStyle.Reference });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"current (n = {ReportNumbers.Count(currentTotal)})", FillColor = ChartStyle.Current });
        }
        plot.YLabel("share of the sample");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return ChartStyle.Render(plot, fileName, $"{feature}: reference and current distributions, each as a share of its own sample{(histogram.FoldedTails ? "; values beyond the drawn range are counted in the end bins" : "")}.",
            width: 620, height: 340);
    }

    /// <param name="tableOnly">Paths measured in another unit, left out of the chart: the caption names them.</param>
    public static ChartImage Throughput(IReadOnlyList<ThroughputFigure> figures, IReadOnlyList<string>? tableOnly = null)
    {
        var plot = ChartStyle.NewPlot("Throughput per path");
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        var max = 0.0;
        for (var i = 0; i < figures.Count; i++)
        {
            var f = figures[i];
            var y = figures.Count - 1 - i;
            var colour = f.Target is { } t ? (f.PerSecond >= t ? ChartStyle.Met : ChartStyle.Target) : ChartStyle.Primary;
            bars.Add(new Bar { Position = y, Value = f.PerSecond, FillColor = colour, Size = 0.6, Orientation = Orientation.Horizontal, Label = $"{ReportNumbers.Figure(f.PerSecond)} {f.Unit}" });
            ticks.Add(new Tick(y, f.Path));
            max = Math.Max(max, Math.Max(f.PerSecond, f.Target ?? 0));
            if (f.Target is { } target)
            {
                var mark = plot.Add.Line(target, y - 0.45, target, y + 0.45);
                mark.Color = ChartStyle.Target;
                mark.LineWidth = 4;
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 12;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimits(0, max * 1.25, -0.6, figures.Count - 0.4);
        plot.XLabel("per second");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "target met", FillColor = ChartStyle.Met });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "target missed", FillColor = ChartStyle.Target });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "no target", FillColor = ChartStyle.Primary });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "target", LineColor = ChartStyle.Target, LineWidth = 4 });
        plot.ShowLegend(Alignment.LowerRight);
        var caption = "Records per second through each path; a red mark across a bar is the path's target." +
            (tableOnly is { Count: > 0 } ? $" In the table only, in another unit: {string.Join(", ", tableOnly)}." : "");
        return ChartStyle.Render(plot, "throughput.png", caption,
            height: Math.Max(260, 100 + 48 * figures.Count));
    }

    /// <summary>
    /// One chart per scenario: saturation latencies are often a hundred times those at half rate, and on one shared
    /// axis the smaller scenario and its target would not show.
    /// </summary>
    public static ChartImage Latency(LatencyFigure figure, int index)
    {
        var plot = ChartStyle.NewPlot(figure.Scenario);
        var series = new List<(string Name, double? Value, Color Colour)>
        {
            ("p50", figure.P50Ms, ChartStyle.Secondary),
            ("p90", figure.P90Ms, Color.FromHex("#7fb2e5")),
            ("p99", figure.P99Ms, ChartStyle.Primary),
            ("max", figure.MaxMs, Color.FromHex("#8a94a6")),
        }.Where(s => s.Value is not null).ToList();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var k = 0; k < series.Count; k++)
        {
            var v = series[k].Value!.Value;
            var missed = series[k].Name == "p99" && figure.TargetP99Ms is { } t && v > t;
            bars.Add(new Bar { Position = k, Value = v, FillColor = missed ? ChartStyle.Target : series[k].Colour, Size = 0.6, Label = ReportNumbers.Figure(v) + " ms" });
            ticks.Add(new Tick(k, series[k].Name));
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 13;
        var max = series.Max(s => s.Value!.Value);
        if (figure.TargetP99Ms is { } target)
        {
            var line = plot.Add.HorizontalLine(target);
            line.Color = ChartStyle.Target;
            line.LineWidth = 2;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"p99 target {ReportNumbers.Figure(target)} ms";
            max = Math.Max(max, target);
            plot.ShowLegend(Alignment.UpperLeft);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimits(-0.6, series.Count - 0.4, 0, max * 1.2);
        plot.YLabel("milliseconds");
        return ChartStyle.Render(plot, $"latency-{index:00}.png",
            $"{figure.Scenario}: latency percentiles in milliseconds{(figure.TargetP99Ms is null ? "" : "; the dashed red line is the p99 target, a red p99 bar misses it")}.",
            width: 560, height: 340);
    }

    /// <summary>Bars in one half of each bin (<paramref name="half"/> −1 left, +1 right), height = count / total (0 when the total is 0).</summary>
    private static void AddBars(Plot plot, double[] edges, long[] counts, long total, Color colour, string legend, int half)
    {
        var bars = new List<Bar>(counts.Length);
        for (var i = 0; i < counts.Length; i++)
            bars.Add(new Bar
            {
                Position = edges[i] + (edges[i + 1] - edges[i]) * (half < 0 ? 0.275 : 0.725),
                Value = Share(counts[i], total),
                Size = (edges[i + 1] - edges[i]) * 0.45,
                FillColor = colour,
                LineWidth = 0,
            });
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = legend, FillColor = colour });
    }

    private static double Share(long count, long total) => total == 0 ? 0 : (double)count / total;

    private static IReadOnlyList<PrecisionRecallPoint> Thin(IReadOnlyList<PrecisionRecallPoint> points)
    {
        if (points.Count <= MaxCurvePoints)
            return points;
        var step = (double)points.Count / MaxCurvePoints;
        var thinned = new List<PrecisionRecallPoint>(MaxCurvePoints + 1);
        for (var i = 0.0; i < points.Count; i += step)
            thinned.Add(points[(int)i]);
        if (thinned[^1] != points[^1])
            thinned.Add(points[^1]);
        return thinned;
    }
}
