namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>A fixed-capacity ring of the latest items: adding to a full ring drops the oldest. Not thread-safe.</summary>
public sealed class SampleRing<T>(int capacity)
{
    private readonly T[] _items = new T[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private int _next;

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public void Add(T item)
    {
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        if (Count < _items.Length)
            Count++;
    }

    /// <summary>The items, oldest first.</summary>
    public T[] ToArray()
    {
        var result = new T[Count];
        var start = (_next - Count + _items.Length) % _items.Length;
        for (var i = 0; i < Count; i++)
            result[i] = _items[(start + i) % _items.Length];
        return result;
    }
}
