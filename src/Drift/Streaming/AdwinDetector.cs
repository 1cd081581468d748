namespace Lepton.Monitor.Drift.Streaming;

/// <summary>
/// ADWIN, ADaptive WINdowing (Bifet &amp; Gavaldà 2007), ported from river.drift.ADWIN (its Cython AdaptiveWindowing):
/// keeps a window whose mean is assumed stationary, compressed into an exponential histogram (at most
/// <see cref="MaxBuckets"/> + 1 buckets of each size 2^row, so memory is O(MaxBuckets·log₂ W) for a window of W values:
/// 15 rows after 100,000 values, about 28 rows and 4 KB for a billion), and every <see cref="Clock"/> values drops the oldest buckets while
/// some split of the window into old/new parts has means further apart than the Hoeffding-style bound
/// ε = √(2·m⁻¹·σ²_W·δ') + (2/3)·δ'·m⁻¹, δ' = ln(2·ln W / δ). A detection is reported on the value whose check shrank
/// the window. The cut loop keeps river's exact iteration order so detections line up with river's.
/// </summary>
public sealed class AdwinDetector : IStreamingDriftDetector
{
    private readonly List<BucketRow> _rows = [];
    private double _total;
    private double _variance;
    private double _width;
    private long _tick;

    public AdwinDetector(double delta = 0.002, int clock = 32, int maxBuckets = 5, int minWindowLength = 5, int gracePeriod = 10)
    {
        if (delta is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(delta), "delta must lie in (0, 1)");
        if (clock < 1) throw new ArgumentOutOfRangeException(nameof(clock));
        if (maxBuckets < 1) throw new ArgumentOutOfRangeException(nameof(maxBuckets));
        Delta = delta;
        Clock = clock;
        MaxBuckets = maxBuckets;
        MinWindowLength = minWindowLength;
        GracePeriod = gracePeriod;
        _rows.Add(new BucketRow(maxBuckets));
    }

    public double Delta { get; }
    public int Clock { get; }
    public int MaxBuckets { get; }
    public int MinWindowLength { get; }
    public int GracePeriod { get; }

    /// <summary>Number of values in the current (stationary) window.</summary>
    public double Width => _width;

    /// <summary>Mean of the current window.</summary>
    public double Estimation => _width > 0 ? _total / _width : 0;

    /// <summary>Rows of the exponential histogram (memory is proportional to this).</summary>
    public int RowCount => _rows.Count;

    public bool Update(double value)
    {
        InsertElement(value);
        return DetectChange();
    }

    public void Reset()
    {
        _rows.Clear();
        _rows.Add(new BucketRow(MaxBuckets));
        _total = _variance = _width = 0;
        _tick = 0;
    }

    private void InsertElement(double value)
    {
        _rows[0].Insert(value, 0.0);
        _width += 1;
        if (_width > 1)
        {
            var d = value - _total / (_width - 1);
            _variance += (_width - 1) * d * d / _width;
        }
        _total += value;
        CompressBuckets();
    }

    private void CompressBuckets()
    {
        for (var idx = 0; idx < _rows.Count; idx++)
        {
            var row = _rows[idx];
            if (row.Count != MaxBuckets + 1)
                break;
            if (idx + 1 == _rows.Count)
                _rows.Add(new BucketRow(MaxBuckets));
            var next = _rows[idx + 1];
            var n = BucketSize(idx);
            double mu1 = row.Totals[0] / n, mu2 = row.Totals[1] / n;
            var temp = n * n * (mu1 - mu2) * (mu1 - mu2) / (n + n);
            next.Insert(row.Totals[0] + row.Totals[1], row.Variances[0] + row.Variances[1] + temp);
            row.RemoveOldest(2);
            if (next.Count <= MaxBuckets)
                break;
        }
    }

    private double DeleteElement()
    {
        var last = _rows[^1];
        var n = BucketSize(_rows.Count - 1);
        var u = last.Totals[0];
        var mu = u / n;
        var v = last.Variances[0];
        _width -= n;
        _total -= u;
        var muWindow = _total / _width;
        _variance -= v + n * _width * (mu - muWindow) * (mu - muWindow) / (n + _width);
        last.RemoveOldest(1);
        if (last.Count == 0)
            _rows.RemoveAt(_rows.Count - 1);
        return n;
    }

    private bool DetectChange()
    {
        var changeDetected = false;
        _tick++;
        if (_tick % Clock != 0 || _width <= GracePeriod)
            return false;
        var reduceWidth = true;
        while (reduceWidth)
        {
            reduceWidth = false;
            var exit = false;
            double n0 = 0, n1 = _width, u0 = 0, u1 = _total;
            // δ' and the window variance depend only on the window, which changes only when a bucket is dropped (and
            // then the pass restarts): computed once per pass instead of once per candidate cut.
            var deltaPrime = Math.Log(2 * Math.Log(_width) / Delta);
            var varianceInWindow = _variance / _width;
            for (var idx = _rows.Count - 1; idx >= 0 && !exit; idx--)
            {
                var row = _rows[idx];
                var size = BucketSize(idx);
                for (var k = 0; k < row.Count - 1; k++)
                {
                    n0 += size;
                    n1 -= size;
                    u0 += row.Totals[k];
                    u1 -= row.Totals[k];
                    if (idx == 0 && k == row.Count - 1)
                    {
                        exit = true;
                        break;
                    }
                    var deltaMean = u0 / n0 - u1 / n1;
                    if (n1 >= MinWindowLength && n0 >= MinWindowLength && EvaluateCut(n0, n1, deltaMean, deltaPrime, varianceInWindow))
                    {
                        reduceWidth = true;
                        changeDetected = true;
                        if (_width > 0)
                        {
                            DeleteElement();
                            exit = true;
                            break;
                        }
                    }
                }
            }
        }
        return changeDetected;
    }

    private bool EvaluateCut(double n0, double n1, double deltaMean, double deltaPrime, double varianceInWindow)
    {
        var mRecip = 1.0 / (n0 - MinWindowLength + 1) + 1.0 / (n1 - MinWindowLength + 1);
        var epsilon = Math.Sqrt(2 * mRecip * varianceInWindow * deltaPrime) + 2.0 / 3.0 * deltaPrime * mRecip;
        return Math.Abs(deltaMean) > epsilon;
    }

    private static double BucketSize(int row) => 1L << row;

    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_total);
        writer.Write(_variance);
        writer.Write(_width);
        writer.Write(_tick);
        writer.Write(_rows.Count);
        foreach (var row in _rows)
        {
            writer.Write((byte)row.Count);
            for (var k = 0; k < row.Count; k++)
            {
                writer.Write(row.Totals[k]);
                writer.Write(row.Variances[k]);
            }
        }
    }

    public void ReadState(BinaryReader reader)
    {
        _total = reader.ReadDouble();
        _variance = reader.ReadDouble();
        _width = reader.ReadDouble();
        _tick = reader.ReadInt64();
        var rows = reader.ReadInt32();
        if (rows is < 1 or > 128)
            throw new InvalidDataException("ADWIN state: implausible row count");
        _rows.Clear();
        for (var r = 0; r < rows; r++)
        {
            var row = new BucketRow(MaxBuckets);
            int count = reader.ReadByte();
            if (count > MaxBuckets + 1)
                throw new InvalidDataException("ADWIN state: bucket row larger than its capacity");
            for (var k = 0; k < count; k++)
                row.Insert(reader.ReadDouble(), reader.ReadDouble());
            _rows.Add(row);
        }
    }

    /// <summary>Buckets of one size, oldest first (index 0), as river's Bucket with a fixed array of MaxBuckets + 1.</summary>
    private sealed class BucketRow(int maxBuckets)
    {
        public readonly double[] Totals = new double[maxBuckets + 1];
        public readonly double[] Variances = new double[maxBuckets + 1];
        public int Count;

        public void Insert(double total, double variance)
        {
            Totals[Count] = total;
            Variances[Count] = variance;
            Count++;
        }

        public void RemoveOldest(int n)
        {
            // Rows hold at most MaxBuckets + 1 (6) entries: a plain loop beats Array.Copy's call overhead.
            for (var i = n; i < Count; i++)
            {
                Totals[i - n] = Totals[i];
                Variances[i - n] = Variances[i];
            }
            for (var i = Count - n; i < Count; i++)
            {
                Totals[i] = 0;
                Variances[i] = 0;
            }
            Count -= n;
        }
    }
}
