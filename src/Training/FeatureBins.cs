namespace Lepton.Monitor.Training;

/// <summary>
/// Per-feature split candidates for histogram tree growing. Thresholds are actual training values (float), so a split
/// "bin ≤ b" is exactly the ONNX test <c>x ≤ Thresholds[f][b]</c> (BRANCH_LEQ) and needs no midpoint rounding.
/// </summary>
internal sealed class FeatureBins
{
    private FeatureBins(float[][] thresholds) => Thresholds = thresholds;

    /// <summary>Ascending, distinct; feature f has <c>Thresholds[f].Length + 1</c> bins.</summary>
    public float[][] Thresholds { get; }

    public int Width => Thresholds.Length;

    /// <summary>Quantile thresholds of each column of row-major <paramref name="x"/>; the column maximum is never a threshold.</summary>
    public static FeatureBins Fit(ReadOnlySpan<float> x, int width, int maxBins)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBins, 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 2);
        var rows = x.Length / width;
        var column = new float[rows];
        var thresholds = new float[width][];
        for (var f = 0; f < width; f++)
        {
            for (var r = 0; r < rows; r++) column[r] = x[r * width + f];
            Array.Sort(column);
            var distinct = new List<float>();
            foreach (var v in column)
                if (distinct.Count == 0 || distinct[^1] != v)
                    distinct.Add(v);
            distinct.RemoveAt(distinct.Count - 1); // "x ≤ max" separates nothing

            if (distinct.Count < maxBins)
            {
                thresholds[f] = distinct.ToArray();
                continue;
            }
            var picked = new List<float>(maxBins - 1);
            for (var b = 1; b < maxBins; b++)
            {
                var v = column[(int)((long)b * (rows - 1) / maxBins)];
                if (v < column[^1] && (picked.Count == 0 || picked[^1] != v))
                    picked.Add(v);
            }
            thresholds[f] = picked.ToArray();
        }
        return new FeatureBins(thresholds);
    }

    /// <summary>Bin of value <paramref name="v"/> of feature <paramref name="f"/>: the first b with v ≤ Thresholds[f][b], else the last bin.</summary>
    public byte BinOf(int f, float v)
    {
        var t = Thresholds[f];
        int lo = 0, hi = t.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (v <= t[mid]) hi = mid; else lo = mid + 1;
        }
        return (byte)lo;
    }

    /// <summary>Row-major bins of <paramref name="x"/>, one byte per value.</summary>
    public byte[] Bin(ReadOnlySpan<float> x)
    {
        var binned = new byte[x.Length];
        for (var i = 0; i < x.Length; i++)
            binned[i] = BinOf(i % Width, x[i]);
        return binned;
    }
}
