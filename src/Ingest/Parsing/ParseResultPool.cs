namespace Lepton.Monitor.Ingest;

/// <summary>
/// Bounded pool of ingest parse results with their <see cref="RawRecordStock"/>: a submit's records and parties are
/// garbage the moment it returns (about 300 bytes a record), so ingest parses into a rented result and returns it.
/// Lock-free slots; an empty pool allocates, a full one drops what is returned.
/// </summary>
internal sealed class ParseResultPool
{
    /// <summary>Records (and twice as many parties) one pooled result keeps; a bigger body's result is not pooled.</summary>
    public const int RetainRecords = 8192;

    public static ParseResultPool Shared { get; } = new(Math.Clamp(2 * Environment.ProcessorCount, 8, 64));

    private readonly ParseResult?[] _slots;

    public ParseResultPool(int capacity) => _slots = new ParseResult?[capacity];

    public ParseResult Rent()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var item = Volatile.Read(ref _slots[i]);
            if (item is not null && Interlocked.CompareExchange(ref _slots[i], null, item) == item)
                return item;
        }
        return new ParseResult(new RawRecordStock(RetainRecords));
    }

    /// <summary>Clears <paramref name="result"/> (nothing of the parse may be read after this) and keeps it if there is room.</summary>
    public void Return(ParseResult result)
    {
        result.Clear();
        // A huge body's list would pin its large array for good: let it go.
        if (result.Records.Capacity > RetainRecords)
            return;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is null && Interlocked.CompareExchange(ref _slots[i], result, null) is null)
                return;
        }
    }
}
