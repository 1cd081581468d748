namespace Lepton.Monitor.Drift.Summaries;

/// <summary>
/// Bounded-memory summary of one window of a numeric stream against a <see cref="HistogramLayout"/>: one counter for
/// values equal to each edge, one for each open interval between edges, one below and one above, plus the exact sums
/// of distances below the first and above the last edge. Memory is fixed by the layout (4 bytes per slot, 2·edges + 1
/// slots; about 0.5 KB for a model-card feature at 4 sub-bins) whatever the window's length. Because every edge's
/// current CDF is exact, PSI and KS at the knots are exact; only the Wasserstein distance interpolates inside bins
/// (see <see cref="SummaryComparison"/>). NaN and ±∞ are counted as missing, never binned.
/// </summary>
public sealed class FixedBinHistogram
{
    private readonly double[] _edges;
    private readonly int[] _slots;
    private readonly int[] _guide;
    private readonly double _guideOrigin;
    private readonly double _guideScale;
    private long _count;
    private long _missing;
    private double _sum;
    private double _sumSquares;
    private double _belowTail;
    private double _aboveTail;

    public FixedBinHistogram(HistogramLayout layout)
    {
        Layout = layout;
        _edges = layout.Edges;
        _slots = new int[layout.SlotCount];
        _guide = layout.Guide;
        _guideOrigin = layout.GuideOrigin;
        _guideScale = layout.GuideScale;
    }

    public HistogramLayout Layout { get; }

    /// <summary>Finite values counted.</summary>
    public long Count => _count;

    /// <summary>NaN or infinite values skipped.</summary>
    public long Missing => _missing;

    public double Mean => _count > 0 ? _sum / _count : double.NaN;

    public double StandardDeviation => _count > 0 ? Math.Sqrt(Math.Max(_sumSquares / _count - Mean * Mean, 0)) : double.NaN;

    /// <summary>Bytes held by this summary (the counters and the scalars), constant for a layout.</summary>
    public int MemoryBytes => _slots.Length * sizeof(int) + 6 * sizeof(double) + 2 * sizeof(long);

    internal ReadOnlySpan<int> Slots => _slots;

    internal double BelowTailSum => _belowTail;

    internal double AboveTailSum => _aboveTail;

    public void Add(double x)
    {
        if (!double.IsFinite(x))
        {
            _missing++;
            return;
        }
        var edges = _edges;
        int lo;
        if (x < edges[0])
            lo = 0;
        else if (x > edges[^1])
            lo = edges.Length;
        else
        {
            // Guide table: first edge ≥ x is at or just after the cell's start; the backward step guards rounding.
            var cell = (int)((x - _guideOrigin) * _guideScale);
            lo = _guide[Math.Min(cell, _guide.Length - 1)];
            while (lo > 0 && edges[lo - 1] >= x) lo--;
            while (lo < edges.Length && edges[lo] < x) lo++;
        }
        if (lo < edges.Length && edges[lo] == x)
            _slots[2 * lo + 1]++;
        else
        {
            _slots[2 * lo]++;
            if (lo == 0) _belowTail += edges[0] - x;
            else if (lo == edges.Length) _aboveTail += x - edges[^1];
        }
        _count++;
        _sum += x;
        _sumSquares += x * x;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        _count = _missing = 0;
        _sum = _sumSquares = _belowTail = _aboveTail = 0;
    }

    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(_slots.Length);
        foreach (var s in _slots)
            writer.Write7BitEncodedInt(s);
        writer.Write(_count);
        writer.Write(_missing);
        writer.Write(_sum);
        writer.Write(_sumSquares);
        writer.Write(_belowTail);
        writer.Write(_aboveTail);
    }

    internal void ReadState(BinaryReader reader)
    {
        if (reader.ReadInt32() != _slots.Length)
            throw new InvalidDataException("histogram state has another number of bins");
        for (var i = 0; i < _slots.Length; i++)
            _slots[i] = reader.Read7BitEncodedInt();
        _count = reader.ReadInt64();
        _missing = reader.ReadInt64();
        _sum = reader.ReadDouble();
        _sumSquares = reader.ReadDouble();
        _belowTail = reader.ReadDouble();
        _aboveTail = reader.ReadDouble();
    }
}
