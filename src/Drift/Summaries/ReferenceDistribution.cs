using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Summaries;

/// <summary>
/// The distribution a feature (or the score) is compared against, held as a CDF known exactly at a few knots: either
/// a model card's quantiles (piecewise-linear CDF between them, min and max at the ends) or a sample. Knots carry both
/// P(X &lt; v) and P(X ≤ v), so point masses (0/1 features, ties in quantiles) are represented exactly; between knots a
/// continuous reference is linear and a discrete one is flat. Immutable and shared by every monitor of a model.
/// </summary>
public sealed class ReferenceDistribution
{
    private readonly double[] _values;
    private readonly double[] _cdfBefore;
    private readonly double[] _cdfAt;

    private ReferenceDistribution(double[] values, double[] cdfBefore, double[] cdfAt, bool isDiscrete, double mean, double std, double sampleCount)
    {
        _values = values;
        _cdfBefore = cdfBefore;
        _cdfAt = cdfAt;
        IsDiscrete = isDiscrete;
        Mean = mean;
        StandardDeviation = std;
        SampleCount = sampleCount;
    }

    /// <summary>True when all mass sits on the knots (categories, 0/1 flags): compared with Jensen–Shannon, not KS.</summary>
    public bool IsDiscrete { get; }

    public double Mean { get; }

    /// <summary>Population standard deviation; normalises the Wasserstein distance.</summary>
    public double StandardDeviation { get; }

    /// <summary>Size of the sample the reference was taken from (m in KS's n·m/(n+m)); +∞ when unknown.</summary>
    public double SampleCount { get; }

    public double Min => _values[0];

    public double Max => _values[^1];

    /// <summary>Distinct knot values, ascending.</summary>
    public ReadOnlySpan<double> Knots => _values;

    internal double CdfBeforeKnot(int i) => _cdfBefore[i];

    internal double CdfAtKnot(int i) => _cdfAt[i];

    /// <summary>
    /// From quantiles such as a model card's baseline (levels strictly inside (0, 1), values non-decreasing). Without
    /// <paramref name="min"/>/<paramref name="max"/> the outer segments are extrapolated linearly to levels 0 and 1.
    /// A feature whose quantiles, min and max take only two values (a 0/1 flag) becomes the two-point distribution
    /// with P(high) = (mean − low)/(high − low) — quantiles alone cannot say where between two deciles the step lies,
    /// and a piecewise-linear CDF there would make every window of the training distribution look drifted.
    /// </summary>
    public static ReferenceDistribution FromQuantiles(
        ReadOnlySpan<double> levels, ReadOnlySpan<double> values, double mean, double std,
        double? min = null, double? max = null, double sampleCount = double.PositiveInfinity)
    {
        if (levels.Length != values.Length || levels.Length < 2)
            throw new ArgumentException("quantiles need at least two levels, one value per level");
        for (var i = 0; i < levels.Length; i++)
        {
            if (!(levels[i] > 0 && levels[i] < 1) || (i > 0 && !(levels[i] > levels[i - 1])))
                throw new ArgumentException("quantile levels must be strictly increasing inside (0, 1)");
            if (!double.IsFinite(values[i]) || (i > 0 && values[i] < values[i - 1]))
                throw new ArgumentException("quantile values must be finite and non-decreasing");
        }
        var lo = min ?? Extrapolate(levels[0], values[0], levels[1], values[1], 0);
        var hi = max ?? Extrapolate(levels[^2], values[^2], levels[^1], values[^1], 1);
        lo = Math.Min(lo, values[0]);
        hi = Math.Max(hi, values[^1]);

        var distinct = new SortedSet<double>([lo, hi]);
        foreach (var v in values) distinct.Add(v);
        if (distinct.Count == 1)
            return Discrete([lo], [1.0], sampleCount);
        if (distinct.Count == 2)
        {
            var p = Math.Clamp((mean - lo) / (hi - lo), 0, 1);
            if (!double.IsFinite(p)) p = 0.5;
            return new ReferenceDistribution([lo, hi], [0, 1 - p], [1 - p, 1], true, lo + p * (hi - lo), (hi - lo) * Math.Sqrt(p * (1 - p)), sampleCount);
        }

        // Quantile function through (0, lo), (levels, values), (1, hi); a value repeated over several levels is a point
        // mass from the first to the last of them.
        var ps = new List<double>(levels.Length + 2) { 0 };
        var xs = new List<double>(levels.Length + 2) { lo };
        for (var i = 0; i < levels.Length; i++) { ps.Add(levels[i]); xs.Add(values[i]); }
        ps.Add(1);
        xs.Add(hi);
        var knots = new List<double>();
        var before = new List<double>();
        var at = new List<double>();
        for (var i = 0; i < xs.Count; i++)
        {
            if (knots.Count > 0 && xs[i] == knots[^1])
                at[^1] = ps[i];
            else
            {
                knots.Add(xs[i]);
                before.Add(ps[i]);
                at.Add(ps[i]);
            }
        }
        return new ReferenceDistribution([.. knots], [.. before], [.. at], false, mean, std, sampleCount);
    }

    /// <summary>
    /// From a sample: at most <paramref name="maxCategories"/> distinct values make it discrete (exact shares);
    /// otherwise knots at every 1/<paramref name="knotCount"/> of the sorted sample with the exact empirical CDF there.
    /// </summary>
    public static ReferenceDistribution FromSample(ReadOnlySpan<double> sample, int knotCount = 100, int maxCategories = 2)
    {
        var sorted = new List<double>(sample.Length);
        foreach (var x in sample)
            if (double.IsFinite(x)) sorted.Add(x);
        if (sorted.Count == 0)
            throw new ArgumentException("the reference sample has no finite values");
        sorted.Sort();
        var s = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sorted);
        double n = s.Length, mean = 0;
        foreach (var x in s) mean += x;
        mean /= n;
        var std = WassersteinDistance.PopulationStd(s);

        var distinct = new List<double>();
        foreach (var x in s)
            if (distinct.Count == 0 || x > distinct[^1])
            {
                distinct.Add(x);
                if (distinct.Count > maxCategories) break;
            }
        var isDiscrete = distinct.Count <= maxCategories;
        var candidates = isDiscrete ? distinct : [];
        if (!isDiscrete)
        {
            knotCount = Math.Max(knotCount, 2);
            for (var k = 0; k <= knotCount; k++)
            {
                var v = s[(int)Math.Round(k * (n - 1) / knotCount)];
                if (candidates.Count == 0 || v > candidates[^1]) candidates.Add(v);
            }
            foreach (var level in DecileLevels)
            {
                var v = SampleQuantile.Of(s, level);
                var idx = candidates.BinarySearch(v);
                if (idx < 0) candidates.Insert(~idx, v);
            }
        }
        var before = new double[candidates.Count];
        var at = new double[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            at[i] = SampleQuantile.CountAtOrBelow(s, candidates[i]) / n;
            before[i] = CountBelow(s, candidates[i]) / n;
        }
        return new ReferenceDistribution([.. candidates], before, at, isDiscrete, mean, std, n);
    }

    /// <summary>A categorical (or coded) reference: values and their probabilities, which are normalised to sum 1.</summary>
    public static ReferenceDistribution Discrete(ReadOnlySpan<double> values, ReadOnlySpan<double> probabilities, double sampleCount = double.PositiveInfinity)
    {
        if (values.Length != probabilities.Length || values.Length == 0)
            throw new ArgumentException("one probability per value, at least one value");
        var v = values.ToArray();
        var p = probabilities.ToArray();
        Array.Sort(v, p);
        double total = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] < 0 || !double.IsFinite(p[i]) || (i > 0 && v[i] == v[i - 1]))
                throw new ArgumentException("probabilities must be finite and ≥ 0, values distinct");
            total += p[i];
        }
        if (total <= 0)
            throw new ArgumentException("probabilities must not all be zero");
        var before = new double[v.Length];
        var at = new double[v.Length];
        double cum = 0, mean = 0, ss = 0;
        for (var i = 0; i < v.Length; i++)
        {
            before[i] = cum;
            cum += p[i] / total;
            at[i] = i == v.Length - 1 ? 1 : cum;
            mean += v[i] * p[i] / total;
        }
        for (var i = 0; i < v.Length; i++)
            ss += (v[i] - mean) * (v[i] - mean) * p[i] / total;
        return new ReferenceDistribution(v, before, at, true, mean, Math.Sqrt(ss), sampleCount);
    }

    /// <summary>P(X ≤ x).</summary>
    public double Cdf(double x)
    {
        var i = LowerBound(x);
        if (i < _values.Length && _values[i] == x)
            return _cdfAt[i];
        return CdfStrictlyBetween(i, x);
    }

    /// <summary>P(X &lt; x).</summary>
    public double CdfBefore(double x)
    {
        var i = LowerBound(x);
        if (i < _values.Length && _values[i] == x)
            return _cdfBefore[i];
        return CdfStrictlyBetween(i, x);
    }

    /// <summary>The smallest x with P(X ≤ x) ≥ p (the generalised inverse of <see cref="Cdf"/>).</summary>
    public double Quantile(double p)
    {
        p = Math.Clamp(p, 0, 1);
        for (var i = 0; i < _values.Length; i++)
        {
            if (p <= _cdfAt[i] && p >= _cdfBefore[i])
                return _values[i];
            if (i + 1 < _values.Length && p > _cdfAt[i] && p < _cdfBefore[i + 1])
                return _values[i] + (p - _cdfAt[i]) / (_cdfBefore[i + 1] - _cdfAt[i]) * (_values[i + 1] - _values[i]);
        }
        return _values[^1];
    }

    /// <summary>The edges of PSI's 10 equal-frequency bins: the distinct deciles of this reference.</summary>
    public double[] DecileEdges()
    {
        var edges = new List<double>(9);
        foreach (var level in DecileLevels)
        {
            var q = Quantile(level);
            if (edges.Count == 0 || q > edges[^1]) edges.Add(q);
        }
        return [.. edges];
    }

    internal static readonly double[] DecileLevels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    private double CdfStrictlyBetween(int upper, double x)
    {
        if (upper == 0)
            return 0;
        if (upper == _values.Length)
            return 1;
        var lo = upper - 1;
        if (IsDiscrete)
            return _cdfAt[lo];
        var t = (x - _values[lo]) / (_values[upper] - _values[lo]);
        return _cdfAt[lo] + t * (_cdfBefore[upper] - _cdfAt[lo]);
    }

    private int LowerBound(double x)
    {
        int lo = 0, hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int CountBelow(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static double Extrapolate(double p1, double x1, double p2, double x2, double target) =>
        p2 == p1 ? x1 : x1 + (target - p1) * (x2 - x1) / (p2 - p1);

    /// <summary>Stable 64-bit fingerprint of the knots (FNV-1a), so a persisted summary is never restored onto another reference.</summary>
    internal ulong Fingerprint(ulong seed)
    {
        var h = StableHash.Add(seed, IsDiscrete ? 1 : 0);
        for (var i = 0; i < _values.Length; i++)
        {
            h = StableHash.Add(h, _values[i]);
            h = StableHash.Add(h, _cdfBefore[i]);
            h = StableHash.Add(h, _cdfAt[i]);
        }
        return h;
    }
}
