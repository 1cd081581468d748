using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Summaries;

/// <summary>
/// KS, PSI, Wasserstein and Jensen–Shannon of a <see cref="FixedBinHistogram"/> against its reference, with the error
/// the summary admits (documented in docs/drift.md):
/// <list type="bullet">
/// <item>KS is the largest gap at the reference's knots, where both CDFs are exact, so it never exceeds the exact
/// statistic (its p-value is conservative: false alarms stay at or below the nominal rate) and undershoots it by at most
/// max over knot intervals of min(reference mass, current mass) in the interval (<c>KsMaxError</c>).</item>
/// <item>PSI uses the reference's decile edges, which are histogram edges: exact.</item>
/// <item>Wasserstein-1 is exact outside the reference's range (tail sums) and interpolates the current CDF linearly
/// inside each bin; the error is at most Σ width × current mass strictly inside the bin (<c>WassersteinMaxError</c>),
/// zero for values that sit on edges (0/1 flags, categories).</item>
/// </list>
/// </summary>
public static class SummaryComparison
{
    public static SummaryDriftMetrics Compare(FixedBinHistogram histogram)
    {
        var n = (double)histogram.Count;
        if (n <= 0)
            return SummaryDriftMetrics.Empty;
        var layout = histogram.Layout;
        var reference = layout.Reference;
        var edges = layout.Edges;
        var slots = histogram.Slots;
        var e = edges.Length;
        var refBefore = layout.ReferenceBefore;
        var refAt = layout.ReferenceAt;

        Span<double> before = e <= 256 ? stackalloc double[e] : new double[e];
        Span<double> at = e <= 256 ? stackalloc double[e] : new double[e];
        double cum = 0;
        for (var j = 0; j < e; j++)
        {
            cum += slots[2 * j];
            before[j] = cum / n;
            cum += slots[2 * j + 1];
            at[j] = cum / n;
        }

        // KS at the knots, and its bound over the gaps between consecutive knots.
        double d = 0, ksError = 0;
        var previousKnot = -1;
        for (var j = 0; j < e; j++)
        {
            if (!layout.IsKnot[j])
                continue;
            d = Math.Max(d, Math.Max(Math.Abs(at[j] - refAt[j]), Math.Abs(before[j] - refBefore[j])));
            if (previousKnot >= 0)
            {
                var refMass = refBefore[j] - refAt[previousKnot];
                var curMass = before[j] - at[previousKnot];
                ksError = Math.Max(ksError, Math.Min(refMass, curMass));
            }
            previousKnot = j;
        }
        var pValue = KolmogorovSmirnovTest.PValue(d, n, reference.SampleCount);

        // PSI over the decile bins (−∞, d₁], (d₁, d₂], …, (d_k, +∞).
        var deciles = layout.DecileEdgeIndices;
        Span<double> refShares = stackalloc double[deciles.Length + 1];
        Span<double> curShares = stackalloc double[deciles.Length + 1];
        double prevRef = 0, prevCur = 0;
        for (var k = 0; k <= deciles.Length; k++)
        {
            double r = k < deciles.Length ? refAt[deciles[k]] : 1, c = k < deciles.Length ? at[deciles[k]] : 1;
            refShares[k] = r - prevRef;
            curShares[k] = c - prevCur;
            prevRef = r;
            prevCur = c;
        }
        var psi = PopulationStabilityIndex.FromShares(refShares, curShares);
        var upperEdges = new double[deciles.Length];
        for (var k = 0; k < deciles.Length; k++)
            upperEdges[k] = edges[deciles[k]];
        var bins = new PsiBins(upperEdges, refShares.ToArray(), curShares.ToArray());

        // Wasserstein-1: exact tails, linear CDFs inside bins.
        var w = (histogram.BelowTailSum + histogram.AboveTailSum) / n;
        double wError = 0;
        for (var j = 0; j + 1 < e; j++)
        {
            var width = edges[j + 1] - edges[j];
            w += width * AbsLinearMean(at[j] - refAt[j], before[j + 1] - refBefore[j + 1]);
            wError += width * slots[2 * (j + 1)] / n;
        }
        var std = reference.StandardDeviation;

        var js = double.NaN;
        if (reference.IsDiscrete)
        {
            Span<double> p = e + 1 <= 256 ? stackalloc double[e + 1] : new double[e + 1];
            Span<double> q = e + 1 <= 256 ? stackalloc double[e + 1] : new double[e + 1];
            double onEdges = 0;
            for (var j = 0; j < e; j++)
            {
                p[j] = refAt[j] - refBefore[j];
                q[j] = slots[2 * j + 1];
                onEdges += q[j];
            }
            p[e] = 0;
            q[e] = n - onEdges;
            js = JensenShannonDistance.Between(p, q);
        }

        return new SummaryDriftMetrics(
            histogram.Count, d, pValue, ksError, psi, w,
            WassersteinDistance.Normalised(w, std), WassersteinDistance.Normalised(wError, std), js, histogram.Mean) { Bins = bins };
    }

    /// <summary>Mean of |d(t)| for d linear from d0 to d1 over t ∈ [0, 1].</summary>
    internal static double AbsLinearMean(double d0, double d1)
    {
        if (d0 * d1 >= 0)
            return (Math.Abs(d0) + Math.Abs(d1)) / 2;
        return (d0 * d0 + d1 * d1) / (2 * (Math.Abs(d0) + Math.Abs(d1)));
    }
}
