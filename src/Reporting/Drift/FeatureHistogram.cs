namespace Lepton.Monitor.Reporting.Drift;

/// <summary>
/// A feature's reference and current distributions over the same bins: numeric bins with edges
/// (<see cref="Numeric"/>, or <see cref="FromValues"/> to bin raw samples), or categories (<see cref="Categorical"/>,
/// <see cref="FromCategories"/>). Counts, not shares: the page draws each side as a share of its own total.
/// </summary>
public sealed record FeatureHistogram
{
    private FeatureHistogram(string[] labels, IReadOnlyList<double>? edges, long[] reference, long[] current)
    {
        Labels = labels;
        Edges = edges;
        Reference = reference;
        Current = current;
    }

    /// <summary>One label per bin: the range for numeric bins, the category otherwise.</summary>
    public IReadOnlyList<string> BinLabels => Labels;

    private string[] Labels { get; }

    /// <summary>True when values beyond the drawn range were counted in the end bins (<see cref="FromValues"/> with a tail share).</summary>
    public bool FoldedTails { get; private set; }

    /// <summary>Bin edges (one more than bins) for numeric features; null for categorical ones.</summary>
    public IReadOnlyList<double>? Edges { get; }

    public long[] Reference { get; }
    public long[] Current { get; }

    public bool IsNumeric => Edges is not null;

    /// <summary>Pre-binned numeric counts over <paramref name="edges"/> (strictly increasing, one more than each count array).</summary>
    public static FeatureHistogram Numeric(IReadOnlyList<double> edges, long[] reference, long[] current)
    {
        Binning.CheckEdges(edges, "feature histogram");
        CheckCounts(edges.Count - 1, reference, current);
        var labels = new string[edges.Count - 1];
        for (var i = 0; i < labels.Length; i++)
            labels[i] = $"{ReportNumbers.Short(edges[i])}–{ReportNumbers.Short(edges[i + 1])}";
        return new FeatureHistogram(labels, edges.ToArray(), reference, current);
    }

    /// <summary>Pre-counted categories (distinct names, one count per category on each side).</summary>
    public static FeatureHistogram Categorical(IReadOnlyList<string> categories, long[] reference, long[] current)
    {
        if (categories.Count == 0)
            throw new ReportInputException("a categorical histogram needs at least one category");
        if (categories.Distinct(StringComparer.Ordinal).Count() != categories.Count)
            throw new ReportInputException("categories must be distinct");
        CheckCounts(categories.Count, reference, current);
        return new FeatureHistogram(categories.ToArray(), null, reference, current);
    }

    /// <summary>
    /// Raw numeric samples binned over <paramref name="bins"/> equal-width bins spanning both samples, so neither side
    /// falls outside. With <paramref name="tailShare"/> &gt; 0 the bins span the pooled samples' quantiles
    /// [tailShare, 1 − tailShare] instead and the values beyond are counted in the end bins (labelled "&lt; x" and
    /// "≥ y"): one large amount would otherwise squeeze every other value into the first bin or two. NaN values are
    /// skipped (missing). Both sides empty is an error.
    /// </summary>
    public static FeatureHistogram FromValues(IEnumerable<double> reference, IEnumerable<double> current, int bins = 20, double tailShare = 0.005)
    {
        if (!(tailShare >= 0 && tailShare < 0.5))
            throw new ReportInputException($"tailShare must be in [0, 0.5), was {tailShare}");
        var r = reference.Where(v => !double.IsNaN(v)).ToArray();
        var c = current.Where(v => !double.IsNaN(v)).ToArray();
        if (r.Length == 0 && c.Length == 0)
            throw new ReportInputException("no values on either side to bin");
        if (r.Concat(c).Any(double.IsInfinity))
            throw new ReportInputException("infinite values cannot be binned");
        var pooled = r.Concat(c).ToArray();
        Array.Sort(pooled);
        var last = pooled.Length - 1;
        var low = pooled[(int)Math.Floor(tailShare * last)];
        var high = pooled[(int)Math.Ceiling((1 - tailShare) * last)];
        if (low == high)
            (low, high) = (pooled[0], pooled[last]); // a near-constant column: its whole range rather than one bin
        var edges = Binning.EqualWidthEdges(low, high, bins);
        var histogram = Numeric(edges, Binning.Count(r.Select(v => Math.Clamp(v, edges[0], edges[^1])), edges),
            Binning.Count(c.Select(v => Math.Clamp(v, edges[0], edges[^1])), edges));
        if (pooled[0] < edges[0] && histogram.BinLabels.Count > 1)
            histogram.Labels[0] = $"< {ReportNumbers.Short(edges[1])}";
        if (pooled[last] > edges[^1] && histogram.BinLabels.Count > 1)
            histogram.Labels[^1] = $"≥ {ReportNumbers.Short(edges[^2])}";
        histogram.FoldedTails = pooled[0] < edges[0] || pooled[last] > edges[^1];
        return histogram;
    }

    /// <summary>
    /// Raw categorical samples counted; the <paramref name="maxCategories"/> − 1 most frequent (over both sides) are kept
    /// and the rest summed into "(other)", so a high-cardinality column still draws.
    /// </summary>
    public static FeatureHistogram FromCategories(IEnumerable<string> reference, IEnumerable<string> current, int maxCategories = 20)
    {
        if (maxCategories < 2)
            throw new ReportInputException($"maxCategories must be at least 2, was {maxCategories}");
        var counts = new Dictionary<string, (long Reference, long Current)>(StringComparer.Ordinal);
        foreach (var v in reference)
            counts[v] = counts.TryGetValue(v, out var x) ? (x.Reference + 1, x.Current) : (1, 0);
        foreach (var v in current)
            counts[v] = counts.TryGetValue(v, out var x) ? (x.Reference, x.Current + 1) : (0, 1);
        if (counts.Count == 0)
            throw new ReportInputException("no values on either side to count");
        var ordered = counts.OrderByDescending(kv => kv.Value.Reference + kv.Value.Current).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var kept = ordered.Count <= maxCategories ? ordered : ordered.Take(maxCategories - 1).ToList();
        var names = kept.Select(kv => kv.Key).ToList();
        var r = kept.Select(kv => kv.Value.Reference).ToList();
        var c = kept.Select(kv => kv.Value.Current).ToList();
        if (kept.Count < ordered.Count)
        {
            var rest = ordered.Skip(kept.Count).ToList();
            names.Add(names.Contains("(other)") ? "(other categories)" : "(other)");
            r.Add(rest.Sum(kv => kv.Value.Reference));
            c.Add(rest.Sum(kv => kv.Value.Current));
        }
        return Categorical(names, r.ToArray(), c.ToArray());
    }

    private static void CheckCounts(int bins, long[] reference, long[] current)
    {
        if (reference.Length != bins || current.Length != bins)
            throw new ReportInputException($"{bins} bins but {reference.Length} reference and {current.Length} current counts");
        if (reference.Any(x => x < 0) || current.Any(x => x < 0))
            throw new ReportInputException("bin counts must not be negative");
    }
}
