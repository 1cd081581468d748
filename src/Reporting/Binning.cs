namespace Lepton.Monitor.Reporting;

/// <summary>
/// Equal-width bins and counting into them. Bin i holds values in [edges[i], edges[i+1]); the last bin also holds its
/// upper edge, so the maximum of the data is counted.
/// </summary>
public static class Binning
{
    /// <summary>
    /// <paramref name="bins"/> equal-width bins from <paramref name="min"/> to <paramref name="max"/>; a single value
    /// (min == max) gets one bin of width 1 centred on it, so it still draws.
    /// </summary>
    public static double[] EqualWidthEdges(double min, double max, int bins)
    {
        if (bins < 1)
            throw new ReportInputException($"bins must be at least 1, was {bins}");
        if (!double.IsFinite(min) || !double.IsFinite(max) || max < min)
            throw new ReportInputException($"bin range [{min}, {max}] is not a finite, ordered range");
        if (min == max)
            return [min - 0.5, max + 0.5];
        var edges = new double[bins + 1];
        var width = (max - min) / bins;
        for (var i = 0; i < bins; i++)
            edges[i] = min + i * width;
        edges[bins] = max; // exactly max, not min + bins × width rounded
        return edges;
    }

    /// <summary>Counts <paramref name="values"/> into the bins of <paramref name="edges"/>; a value outside [first, last edge] is an error.</summary>
    public static long[] Count(IEnumerable<double> values, IReadOnlyList<double> edges)
    {
        CheckEdges(edges, "edges");
        var counts = new long[edges.Count - 1];
        foreach (var v in values)
            counts[IndexOf(v, edges)]++;
        return counts;
    }

    /// <summary>The bin that holds <paramref name="value"/>.</summary>
    public static int IndexOf(double value, IReadOnlyList<double> edges)
    {
        var last = edges.Count - 1;
        if (double.IsNaN(value) || value < edges[0] || value > edges[last])
            throw new ReportInputException($"value {value} is outside the bins [{edges[0]}, {edges[last]}]");
        // The last edge whose value is <= value: binary search over the ordered edges.
        int lo = 0, hi = last;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] <= value) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>At least two edges, finite and strictly increasing.</summary>
    public static void CheckEdges(IReadOnlyList<double> edges, string what)
    {
        if (edges.Count < 2)
            throw new ReportInputException($"{what}: at least two bin edges are needed, got {edges.Count}");
        for (var i = 0; i < edges.Count; i++)
        {
            if (!double.IsFinite(edges[i]))
                throw new ReportInputException($"{what}: edge {i} is {edges[i]}, not a finite number");
            if (i > 0 && edges[i] <= edges[i - 1])
                throw new ReportInputException($"{what}: edges must increase, but edge {i} ({edges[i]}) <= edge {i - 1} ({edges[i - 1]})");
        }
    }
}
