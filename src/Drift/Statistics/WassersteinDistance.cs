namespace Lepton.Monitor.Drift.Statistics;

/// <summary>
/// Wasserstein-1 (earth mover's) distance between two one-dimensional distributions, ∫|F_u − F_v| dx, as
/// scipy.stats.wasserstein_distance: it measures how far mass moved in the feature's own units, so unlike KS it does not
/// saturate on large samples; divided by the reference's standard deviation it becomes the scale-free drift score
/// Evidently thresholds at 0.1.
/// </summary>
public static class WassersteinDistance
{
    /// <summary>Guard for constant references (Evidently's 0.001) so the normalised distance stays finite.</summary>
    public const double MinimumNormalisingStd = 0.001;

    public static double TwoSample(ReadOnlySpan<double> u, ReadOnlySpan<double> v) => Weighted(u, default, v, default);

    /// <summary>Weighted form (scipy's u_weights / v_weights); empty weights mean all ones.</summary>
    public static double Weighted(ReadOnlySpan<double> u, ReadOnlySpan<double> uWeights, ReadOnlySpan<double> v, ReadOnlySpan<double> vWeights)
    {
        if (u.IsEmpty || v.IsEmpty)
            return double.NaN;
        if ((!uWeights.IsEmpty && uWeights.Length != u.Length) || (!vWeights.IsEmpty && vWeights.Length != v.Length))
            throw new ArgumentException("weights must match their values");
        var (us, uw) = SortWithWeights(u, uWeights);
        var (vs, vw) = SortWithWeights(v, vWeights);
        double uTotal = Sum(uw), vTotal = Sum(vw);
        int i = 0, j = 0;
        double uCum = 0, vCum = 0, distance = 0;
        var x = Math.Min(us[0], vs[0]);
        while (i < us.Length || j < vs.Length)
        {
            while (i < us.Length && us[i] <= x) uCum += uw[i++];
            while (j < vs.Length && vs[j] <= x) vCum += vw[j++];
            var next = Math.Min(i < us.Length ? us[i] : double.PositiveInfinity, j < vs.Length ? vs[j] : double.PositiveInfinity);
            if (double.IsPositiveInfinity(next))
                break;
            distance += Math.Abs(uCum / uTotal - vCum / vTotal) * (next - x);
            x = next;
        }
        return distance;
    }

    /// <summary>W₁ divided by max(std of the reference (population, ddof 0), 0.001).</summary>
    public static double Normalised(double distance, double referenceStd) => distance / Math.Max(referenceStd, MinimumNormalisingStd);

    /// <summary>Population standard deviation (ddof 0, numpy's default).</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
            return double.NaN;
        double mean = 0;
        foreach (var x in values) mean += x;
        mean /= values.Length;
        double ss = 0;
        foreach (var x in values) ss += (x - mean) * (x - mean);
        return Math.Sqrt(ss / values.Length);
    }

    private static (double[] Values, double[] Weights) SortWithWeights(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        var vs = values.ToArray();
        var ws = new double[vs.Length];
        if (weights.IsEmpty) Array.Fill(ws, 1.0); else weights.CopyTo(ws);
        Array.Sort(vs, ws);
        return (vs, ws);
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (var x in values) s += x;
        return s;
    }
}
