using System.Globalization;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Offline;

/// <summary>
/// Compares a current CSV with a reference CSV column by column, exactly (whole samples, no summaries): what
/// `lepton drift` runs and what an analyst can reproduce with scipy. A column is numeric when every non-empty value in
/// both files parses as a number (invariant culture); empty values are missing and skipped.
/// </summary>
public static class OfflineDriftAnalysis
{
    public static OfflineDriftReport Compare(CsvTable reference, CsvTable current, OfflineDriftOptions? options = null)
    {
        options ??= new OfflineDriftOptions();
        foreach (var name in current.Header)
            if (reference.ColumnIndex(name) < 0)
                throw new DriftInputException($"{current.Source}: column '{name}' is not in the reference {reference.Source}");
        var columns = new List<ColumnDriftReport>(reference.Header.Count);
        foreach (var name in reference.Header)
        {
            var ci = current.ColumnIndex(name);
            if (ci < 0)
                throw new DriftInputException($"{reference.Source}: column '{name}' is not in the current {current.Source}");
            var refValues = reference.Values(reference.ColumnIndex(name));
            var curValues = current.Values(ci);
            columns.Add(IsNumeric(refValues) && IsNumeric(curValues)
                ? Numeric(name, Parse(refValues), Parse(curValues), options)
                : Categorical(name, refValues, curValues, options));
        }
        var share = columns.Count == 0 ? 0 : columns.Count(c => c.Drifted) / (double)columns.Count;
        return new OfflineDriftReport(columns, share, columns.Count > 0 && share >= options.DatasetDriftShare);
    }

    public static ColumnDriftReport Numeric(string name, double[] reference, double[] current, OfflineDriftOptions options)
    {
        if (reference.Length == 0 || current.Length == 0)
            return new ColumnDriftReport(name, ColumnKind.Numeric, reference.Length, current.Length,
                new KsResult(double.NaN, double.NaN), double.NaN, double.NaN, double.NaN, null, null, false, DriftReasons.None);
        Array.Sort(reference);
        Array.Sort(current);
        var d = KolmogorovSmirnovTest.Statistic(reference, current);
        var ks = new KsResult(d, KolmogorovSmirnovTest.PValue(d, reference.Length, current.Length));
        var psi = PopulationStabilityIndex.FromSortedSamples(reference, current);
        var w = WassersteinDistance.TwoSample(reference, current);
        var wn = WassersteinDistance.Normalised(w, WassersteinDistance.PopulationStd(reference));
        var reasons = DriftReasons.None;
        if (psi >= options.PsiThreshold) reasons |= DriftReasons.Psi;
        if (current.Length >= options.KsMinimumRecords && ks.PValue < options.KsPValueThreshold) reasons |= DriftReasons.KolmogorovSmirnov;
        if (wn >= options.WassersteinNormedThreshold) reasons |= DriftReasons.Wasserstein;
        return new ColumnDriftReport(name, ColumnKind.Numeric, reference.Length, current.Length, ks, psi, w, wn, null, null,
            reasons != DriftReasons.None, reasons);
    }

    public static ColumnDriftReport Categorical(string name, IReadOnlyList<string> reference, IReadOnlyList<string> current, OfflineDriftOptions options)
    {
        var categories = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in reference) categories.TryAdd(v, categories.Count);
        foreach (var v in current) categories.TryAdd(v, categories.Count);
        var rc = new double[categories.Count];
        var cc = new double[categories.Count];
        foreach (var v in reference) rc[categories[v]]++;
        foreach (var v in current) cc[categories[v]]++;
        if (reference.Count == 0 || current.Count == 0)
            return new ColumnDriftReport(name, ColumnKind.Categorical, reference.Count, current.Count, null, double.NaN, null, null,
                double.NaN, null, false, DriftReasons.None);
        var rs = rc.Select(x => x / reference.Count).ToArray();
        var cs = cc.Select(x => x / current.Count).ToArray();
        var psi = PopulationStabilityIndex.FromShares(rs, cs);
        var js = JensenShannonDistance.Between(rc, cc);
        var chi = ChiSquaredTest.Homogeneity(rc, cc);
        var reasons = DriftReasons.None;
        if (psi >= options.PsiThreshold) reasons |= DriftReasons.Psi;
        if (js >= options.JensenShannonThreshold) reasons |= DriftReasons.JensenShannon;
        return new ColumnDriftReport(name, ColumnKind.Categorical, reference.Count, current.Count, null, psi, null, null, js, chi,
            reasons != DriftReasons.None, reasons);
    }

    private static bool IsNumeric(List<string> values)
    {
        foreach (var v in values)
            if (!TryParse(v, out _)) return false;
        return true;
    }

    private static double[] Parse(List<string> values)
    {
        var result = new double[values.Count];
        for (var i = 0; i < values.Count; i++) TryParse(values[i], out result[i]);
        return result;
    }

    /// <summary>A value of a numeric column as the analysis reads it (invariant culture).</summary>
    public static double ParseNumber(string value) =>
        TryParse(value, out var number) ? number : throw new FormatException($"'{value}' is not a finite number");

    private static bool TryParse(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
