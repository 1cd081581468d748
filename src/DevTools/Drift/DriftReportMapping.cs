using System.Globalization;
using System.Text.Json;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Reporting;
using Lepton.Monitor.Reporting.Drift;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.DevTools.Drift;

/// <summary>
/// A `lepton drift` comparison as the report library's input (<c>lepton drift --report DIR</c>): each column's
/// statistics with the thresholds that decided it, and its reference and current values to draw.
/// </summary>
public static class DriftReportMapping
{
    public static DriftReportInput ToReportInput(DriftComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var (report, options) = (comparison.Report, comparison.Options);
        var c = CultureInfo.InvariantCulture;
        var features = report.Columns.Select(column => new DriftFeatureInput(column.Name, Metrics(column, options), column.Drifted,
            Histogram(column, comparison.Reference.Values(comparison.Reference.ColumnIndex(column.Name)), comparison.Current.Values(comparison.Current.ColumnIndex(column.Name))))
        {
            Reasons = Reasons(column.Reasons),
        }).ToList();

        return new DriftReportInput(features)
        {
            Title = $"Drift of {Path.GetFileName(comparison.CurrentPath)} against {Path.GetFileName(comparison.ReferencePath)}",
            Source = $"reference {comparison.ReferencePath} ({comparison.Reference.Rows.Count.ToString("N0", c)} rows); current {comparison.CurrentPath} ({comparison.Current.Rows.Count.ToString("N0", c)} rows)",
            DatasetDrift = report.DatasetDrift,
            Figures =
            [
                new ReportFigure("columns", report.Columns.Count.ToString("N0", c)),
                new ReportFigure("drifted", $"{report.Columns.Count(x => x.Drifted).ToString("N0", c)} ({report.DriftedShare.ToString("P0", c)})"),
                new ReportFigure("dataset drifts at", $"≥ {options.DatasetDriftShare.ToString("P0", c)} of columns"),
            ],
        };
    }

    /// <summary>
    /// The statistics `lepton drift` prints, each with the threshold that can make the column drift. KS's p-value decides
    /// only with enough current values, so its threshold is shown only then; chi-squared never decides (no threshold).
    /// </summary>
    private static List<DriftMetric> Metrics(ColumnDriftReport column, OfflineDriftOptions options)
    {
        var metrics = new List<DriftMetric> { new("PSI", column.Psi, options.PsiThreshold) };
        if (column.Ks is { } ks)
        {
            metrics.Add(new DriftMetric("KS statistic", ks.Statistic));
            metrics.Add(new DriftMetric("KS p-value", ks.PValue, column.CurrentCount >= options.KsMinimumRecords ? options.KsPValueThreshold : null, LowerIsWorse: true));
        }
        if (column.WassersteinNormed is { } normed)
            metrics.Add(new DriftMetric("Wasserstein/σ", normed, options.WassersteinNormedThreshold));
        if (column.JensenShannon is { } js)
            metrics.Add(new DriftMetric("Jensen–Shannon", js, options.JensenShannonThreshold));
        if (column.ChiSquared is { } chi)
            metrics.Add(new DriftMetric("χ² p-value", chi.PValue));
        return metrics;
    }

    /// <summary>At most this many distinct numbers are drawn one bar per value (hours of the day fit).</summary>
    public const int MaxValuesDrawnOneByOne = 32;

    /// <summary>
    /// The column's two samples over shared bins (numeric) or categories; null when both are empty. A numeric column
    /// of few distinct values (an hour, a count, a flag) gets one bar per value in numeric order: equal-width bins
    /// would leave some bins between two whole numbers empty and put two values in others.
    /// </summary>
    private static FeatureHistogram? Histogram(ColumnDriftReport column, List<string> reference, List<string> current)
    {
        if (reference.Count == 0 && current.Count == 0)
            return null;
        if (column.Kind != ColumnKind.Numeric)
            return FeatureHistogram.FromCategories(reference, current);
        var (r, c) = (reference.Select(OfflineDriftAnalysis.ParseNumber).ToArray(), current.Select(OfflineDriftAnalysis.ParseNumber).ToArray());
        var values = r.Concat(c).Distinct().Order().ToArray();
        if (values.Length > MaxValuesDrawnOneByOne)
            return FeatureHistogram.FromValues(r, c);
        long[] Count(double[] sample) => values.Select(v => sample.LongCount(x => x == v)).ToArray();
        return FeatureHistogram.Categorical(values.Select(v => v.ToString("G", CultureInfo.InvariantCulture)).ToList(), Count(r), Count(c));
    }

    // The names of the JSON report's "reasons" ("psi, kolmogorovSmirnov").
    private static string Reasons(DriftReasons reasons) => string.Join(", ",
        Enum.GetValues<DriftReasons>().Where(r => r != DriftReasons.None && reasons.HasFlag(r)).Select(r => JsonNamingPolicy.CamelCase.ConvertName(r.ToString())));
}
