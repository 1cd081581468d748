namespace Lepton.Monitor.Drift.Statistics;

/// <summary>
/// Population Stability Index, the credit-risk industry's drift score: PSI = Σ (cur − ref)·ln(cur/ref) over bins.
/// Rule of thumb: below 0.1 stable, 0.1–0.2 moderate, 0.2 and above a significant shift (the monitor's default).
/// </summary>
public static class PopulationStabilityIndex
{
    /// <summary>Share given to an empty bin so ln stays finite (the common 0.0001 convention).</summary>
    public const double EmptyBinShare = 0.0001;

    /// <summary>Number of equal-frequency bins cut from the reference's deciles.</summary>
    public const int Bins = 10;

    /// <summary>PSI of two share vectors of equal length; shares below <see cref="EmptyBinShare"/> are floored to it.</summary>
    public static double FromShares(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length != current.Length)
            throw new ArgumentException("reference and current need the same number of bins");
        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var r = Math.Max(reference[i], EmptyBinShare);
            var c = Math.Max(current[i], EmptyBinShare);
            psi += (c - r) * Math.Log(c / r);
        }
        return psi;
    }

    /// <summary>
    /// PSI of two numeric samples over 10 equal-frequency bins: the edges are the reference's deciles (type-7
    /// quantiles, duplicates merged), the bins right-closed, (−∞, d₁], (d₁, d₂], …, (d₉, +∞).
    /// </summary>
    public static double FromSamples(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.IsEmpty || current.IsEmpty)
            return double.NaN;
        var r = KolmogorovSmirnovTest.SortedCopy(reference);
        var c = KolmogorovSmirnovTest.SortedCopy(current);
        return FromSortedSamples(r, c);
    }

    internal static double FromSortedSamples(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var edges = DecileEdges(sortedReference);
        Span<double> rs = stackalloc double[edges.Length + 1];
        Span<double> cs = stackalloc double[edges.Length + 1];
        double prevR = 0, prevC = 0;
        for (var i = 0; i <= edges.Length; i++)
        {
            double atR = i < edges.Length ? SampleQuantile.CountAtOrBelow(sortedReference, edges[i]) : sortedReference.Length;
            double atC = i < edges.Length ? SampleQuantile.CountAtOrBelow(sortedCurrent, edges[i]) : sortedCurrent.Length;
            rs[i] = (atR - prevR) / sortedReference.Length;
            cs[i] = (atC - prevC) / sortedCurrent.Length;
            prevR = atR;
            prevC = atC;
        }
        return FromShares(rs, cs);
    }

    /// <summary>Distinct deciles d₁…d₉ of a sorted reference sample (fewer when the reference has ties).</summary>
    public static double[] DecileEdges(ReadOnlySpan<double> sortedReference)
    {
        var edges = new List<double>(Bins - 1);
        for (var k = 1; k < Bins; k++)
        {
            var q = SampleQuantile.Of(sortedReference, k / (double)Bins);
            if (edges.Count == 0 || q > edges[^1])
                edges.Add(q);
        }
        return [.. edges];
    }
}
