namespace Lepton.Monitor.Storage;

/// <summary>
/// Contiguous low watermark over dense sequence numbers marked in any order. Marks above a gap are kept
/// as disjoint, non-adjacent ranges (batches arrive as runs, so this stays small). Not thread-safe:
/// only the journal writer touches it.
/// </summary>
internal sealed class ProcessedWatermark(long initial)
{
    private readonly List<(long Start, long End)> _ranges = [];

    public long Value { get; private set; } = initial;

    public int PendingRanges => _ranges.Count;

    public void Add(long[] seqs)
    {
        if (seqs.Length == 0)
            return;
        var sorted = (long[])seqs.Clone();
        Array.Sort(sorted);
        var start = sorted[0];
        var end = start;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] <= end + 1)
            {
                end = Math.Max(end, sorted[i]);
                continue;
            }
            AddRange(start, end);
            start = end = sorted[i];
        }
        AddRange(start, end);
    }

    public void AddRange(long start, long end)
    {
        if (end <= Value)
            return;
        start = Math.Max(start, Value + 1);

        // First range that overlaps or touches [start, end]; ranges are sorted and disjoint, so Ends are sorted too.
        int lo = 0, hi = _ranges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranges[mid].End < start - 1)
                lo = mid + 1;
            else
                hi = mid;
        }
        var last = lo;
        while (last < _ranges.Count && _ranges[last].Start <= end + 1)
        {
            start = Math.Min(start, _ranges[last].Start);
            end = Math.Max(end, _ranges[last].End);
            last++;
        }
        _ranges.RemoveRange(lo, last - lo);
        _ranges.Insert(lo, (start, end));

        if (_ranges[0].Start == Value + 1)
        {
            Value = _ranges[0].End;
            _ranges.RemoveAt(0);
        }
    }
}
