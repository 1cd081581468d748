namespace Lepton.Monitor.Drift.Summaries;

/// <summary>
/// The fixed bin edges of a <see cref="FixedBinHistogram"/>, cut once from a reference and shared by every window and
/// every monitor of that reference: the reference's knots (where its CDF is exact), its deciles (PSI's bins) and, for a
/// continuous reference, <c>subBins − 1</c> evenly spaced points inside each knot interval (they tighten the Wasserstein
/// bound; the reference is linear there by construction). The reference CDF just before and at every edge is
/// precomputed so a check reads arrays only.
/// </summary>
public sealed class HistogramLayout
{
    public HistogramLayout(ReferenceDistribution reference, int subBins = 4)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (subBins is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(subBins), "between 1 and 64 sub-bins per knot interval");
        Reference = reference;
        SubBins = subBins;
        var knots = reference.Knots;
        var edges = new List<double>(knots.Length * subBins + 10);
        var isKnot = new List<bool>(edges.Capacity);
        for (var i = 0; i < knots.Length; i++)
        {
            edges.Add(knots[i]);
            isKnot.Add(true);
            if (reference.IsDiscrete || i + 1 == knots.Length)
                continue;
            for (var s = 1; s < subBins; s++)
            {
                var x = knots[i] + (knots[i + 1] - knots[i]) * s / subBins;
                if (x > edges[^1] && x < knots[i + 1])
                {
                    edges.Add(x);
                    isKnot.Add(false);
                }
            }
        }
        foreach (var d in reference.DecileEdges())
        {
            var idx = edges.BinarySearch(d);
            if (idx < 0)
            {
                edges.Insert(~idx, d);
                isKnot.Insert(~idx, false);
            }
        }
        Edges = [.. edges];
        IsKnot = [.. isKnot];
        ReferenceBefore = new double[Edges.Length];
        ReferenceAt = new double[Edges.Length];
        for (var i = 0; i < Edges.Length; i++)
        {
            ReferenceBefore[i] = reference.CdfBefore(Edges[i]);
            ReferenceAt[i] = reference.Cdf(Edges[i]);
        }
        var deciles = reference.DecileEdges();
        DecileEdgeIndices = new int[deciles.Length];
        for (var k = 0; k < deciles.Length; k++)
            DecileEdgeIndices[k] = Array.BinarySearch(Edges, deciles[k]);
        var h = StableHash.Add(reference.Fingerprint(StableHash.Seed), subBins);
        Fingerprint = h;

        GuideOrigin = Edges[0];
        var range = Edges[^1] - Edges[0];
        GuideScale = range > 0 && double.IsFinite(GuideCells / range) ? GuideCells / range : 0;
        Guide = new int[GuideCells];
        for (int c = 0, e = 0; c < GuideCells; c++)
        {
            var cellStart = GuideScale > 0 ? GuideOrigin + c / GuideScale : GuideOrigin;
            while (e < Edges.Length && Edges[e] < cellStart) e++;
            Guide[c] = e;
        }
    }

    /// <summary>Cells of the guide table over [first edge, last edge] (4 KB per layout, shared by every histogram).</summary>
    internal const int GuideCells = 1024;

    /// <summary>
    /// For each equal-width cell, the number of edges below the cell's start: a bin lookup becomes one multiply, one
    /// table read and a step or two, instead of a log₂(edges)-deep chain of dependent loads.
    /// </summary>
    internal int[] Guide { get; }

    internal double GuideOrigin { get; }

    internal double GuideScale { get; }

    public ReferenceDistribution Reference { get; }
    public int SubBins { get; }

    /// <summary>Ascending, distinct bin edges.</summary>
    public double[] Edges { get; }

    /// <summary>True where the edge is a reference knot (reference CDF exact, not interpolated): KS is read there.</summary>
    public bool[] IsKnot { get; }

    /// <summary>Reference P(X &lt; edge).</summary>
    public double[] ReferenceBefore { get; }

    /// <summary>Reference P(X ≤ edge).</summary>
    public double[] ReferenceAt { get; }

    /// <summary>Indices into <see cref="Edges"/> of the decile edges d₁…d₉ (distinct).</summary>
    public int[] DecileEdgeIndices { get; }

    /// <summary>Counter slots of a histogram: below the first edge, at each edge, between each pair, above the last.</summary>
    public int SlotCount => 2 * Edges.Length + 1;

    internal ulong Fingerprint { get; }
}
