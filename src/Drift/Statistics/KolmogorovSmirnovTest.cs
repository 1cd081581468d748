namespace Lepton.Monitor.Drift.Statistics;

/// <summary>
/// Two-sample Kolmogorov–Smirnov test: is the current sample drawn from the reference's distribution? Distribution-free
/// and sensitive to any shape change, which is why it is the default numeric drift test.
/// </summary>
public static class KolmogorovSmirnovTest
{
    /// <summary>Largest gap between the two empirical CDFs, with ties handled as scipy.stats.ks_2samp does.</summary>
    public static KsResult TwoSample(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.IsEmpty || current.IsEmpty)
            return new KsResult(double.NaN, double.NaN);
        var a = SortedCopy(reference);
        var b = SortedCopy(current);
        var d = Statistic(a, b);
        return new KsResult(d, PValue(d, a.Length, b.Length));
    }

    /// <summary>D = sup_x |F_a(x) − F_b(x)| of two ascending-sorted samples.</summary>
    public static double Statistic(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int i = 0, j = 0;
        double n = sortedA.Length, m = sortedB.Length, d = 0;
        while (i < sortedA.Length && j < sortedB.Length)
        {
            var x = Math.Min(sortedA[i], sortedB[j]);
            while (i < sortedA.Length && sortedA[i] <= x) i++;
            while (j < sortedB.Length && sortedB[j] <= x) j++;
            d = Math.Max(d, Math.Abs(i / n - j / m));
        }
        return d;
    }

    /// <summary>
    /// Asymptotic two-sided p-value of D for samples of sizes n and m: the Kolmogorov distribution at
    /// λ = (√nₑ + 0.12 + 0.11/√nₑ)·D with the effective size nₑ = n·m/(n+m) (Stephens 1970, the form of Numerical
    /// Recipes' probks and of scipy ≤ 1.4's ks_2samp). Current scipy's method='asymp' evaluates kstwo.sf(D, round(nₑ)),
    /// the exact one-sample law at nₑ, which the Stephens correction tracks closely; the plain √nₑ·D form overstates
    /// p-values for small nₑ. Pass <paramref name="m"/> = +∞ for a reference known only as a distribution (one-sample
    /// test, nₑ = n).
    /// </summary>
    public static double PValue(double statistic, double n, double m)
    {
        if (double.IsNaN(statistic) || n <= 0 || m <= 0)
            return double.NaN;
        var en = double.IsPositiveInfinity(m) ? n : n * m / (n + m);
        var sqrtEn = Math.Sqrt(en);
        return KolmogorovDistribution.Survival((sqrtEn + 0.12 + 0.11 / sqrtEn) * statistic);
    }

    internal static double[] SortedCopy(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }
}
