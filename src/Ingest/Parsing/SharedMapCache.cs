namespace Lepton.Monitor.Ingest;

/// <summary>
/// Process-wide, lock-free, direct-mapped cache from the JSON text of an <c>attributes</c> or <c>features</c> object to the map it
/// parses into, shared read-only by every owned-parse record that repeats the object (a handful of attribute
/// combinations and per-customer features repeat across most records; a map costs about 200 bytes). Entries are
/// immutable and a map is only read once shared, so ingest threads need no lock. A text is admitted on its second
/// sighting in a row, so objects that never repeat cost no cache entries. Bounded: a colliding text replaces the slot.
/// </summary>
internal sealed class SharedMapCache<TValue>
{
    /// <summary>Longer objects are parsed every time: rare, and a long key would cost more to compare than to parse.</summary>
    public const int MaxBytes = 256;

    private const int SlotCount = 8192;

    private readonly Entry?[] _slots;
    private readonly int[] _seen;
    private readonly int _mask;

    private SharedMapCache()
    {
        _slots = new Entry?[SlotCount];
        _seen = new int[SlotCount];
        _mask = SlotCount - 1;
    }

    /// <summary>The process's cache for maps of <typeparamref name="TValue"/> (8,192 slots: a few MiB when full).</summary>
    public static SharedMapCache<TValue> Current { get; } = new();

    /// <summary>The shared map parsed from <paramref name="json"/>, or false with the hash to pass to <see cref="Offer"/>.</summary>
    public bool TryGet(ReadOnlySpan<byte> json, out int hash, out Dictionary<string, TValue>? map)
    {
        hash = Hash(json);
        var entry = Volatile.Read(ref _slots[hash & _mask]);
        if (entry is not null && entry.Hash == hash && json.SequenceEqual(entry.Json))
        {
            map = entry.Map;
            return true;
        }
        map = null;
        return false;
    }

    /// <summary>
    /// Offers the map just parsed from <paramref name="json"/> (with no field error) for sharing; the caller must never
    /// change it afterwards.
    /// </summary>
    public void Offer(ReadOnlySpan<byte> json, int hash, Dictionary<string, TValue> map)
    {
        // Racing threads may overwrite each other's sighting: that only delays an admission.
        ref var seen = ref _seen[hash & _mask];
        if (seen != hash)
        {
            seen = hash;
            return;
        }
        Volatile.Write(ref _slots[hash & _mask], new Entry(hash, json.ToArray(), map));
    }

    private static int Hash(ReadOnlySpan<byte> json)
    {
        var hash = new HashCode(); // seeded per process, so a sender cannot aim its objects at one slot
        hash.AddBytes(json);
        return hash.ToHashCode();
    }

    private sealed class Entry(int hash, byte[] json, Dictionary<string, TValue> map)
    {
        public int Hash { get; } = hash;
        public byte[] Json { get; } = json;
        public Dictionary<string, TValue> Map { get; } = map;
    }
}
