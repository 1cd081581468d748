namespace Lepton.Monitor.Drift.Statistics;

/// <summary>
/// Quantiles of a sorted sample by linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default),
/// so bin edges match what an analyst reproduces with numpy.quantile.
/// </summary>
public static class SampleQuantile
{
    public static double Of(ReadOnlySpan<double> sorted, double level)
    {
        if (sorted.IsEmpty)
            return double.NaN;
        var h = (sorted.Length - 1) * Math.Clamp(level, 0, 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Number of values ≤ <paramref name="x"/> in an ascending-sorted span (upper bound).</summary>
    public static int CountAtOrBelow(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
