namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>A count-bounded ring of <see cref="DriftHistoryPoint"/>s: memory stays fixed however long a grain lives.</summary>
public sealed class DriftHistory(int capacity)
{
    private readonly DriftHistoryPoint?[] _ring = new DriftHistoryPoint?[capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private int _next;
    private int _count;

    public int Capacity => _ring.Length;

    public int Count => _count;

    public void Add(DriftHistoryPoint point)
    {
        _ring[_next] = point;
        _next = (_next + 1) % _ring.Length;
        _count = Math.Min(_count + 1, _ring.Length);
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<DriftHistoryPoint> ToList()
    {
        var list = new List<DriftHistoryPoint>(_count);
        for (var i = 0; i < _count; i++)
            list.Add(_ring[(_next - _count + i + _ring.Length) % _ring.Length]!);
        return list;
    }

    public void Clear()
    {
        Array.Clear(_ring);
        _next = _count = 0;
    }
}
