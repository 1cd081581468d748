namespace Lepton.Monitor.Ingest;

/// <summary>
/// Bounded, lock-free raw→token cache: a direct-mapped array of immutable entries. Reads and writes of one
/// reference are atomic, so concurrent ingest threads need no lock; a collision just evicts the older entry.
/// Real streams repeat the same accounts and customers, so most tokens come from here instead of an HMAC.
/// Keyed by the raw value's UTF-8 bytes, so a value parsed in place from a request body is looked up without ever
/// becoming a string.
/// </summary>
internal sealed class TokenCache
{
    private readonly Entry?[] _slots;
    private readonly int _mask;

    public TokenCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var size = capacity == 0 ? 0 : (int)Math.Min(1u << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity));
        _slots = new Entry?[size];
        _mask = size - 1;
    }

    public int Capacity => _slots.Length;

    /// <summary>The hash that <see cref="TryGet"/> and <see cref="Add"/> take for <paramref name="rawUtf8"/>.</summary>
    public static int Hash(ReadOnlySpan<byte> rawUtf8)
    {
        var hash = new HashCode(); // seeded per process, as string hashes are: senders cannot aim values at one slot
        hash.AddBytes(rawUtf8);
        return hash.ToHashCode();
    }

    public bool TryGet(ReadOnlySpan<byte> rawUtf8, int hash, out string token)
    {
        if (_slots.Length != 0)
        {
            var entry = Volatile.Read(ref _slots[hash & _mask]);
            if (entry is not null && entry.Hash == hash && rawUtf8.SequenceEqual(entry.Raw))
            {
                token = entry.Token;
                return true;
            }
        }
        token = string.Empty;
        return false;
    }

    public void Add(ReadOnlySpan<byte> rawUtf8, int hash, string token)
    {
        if (_slots.Length != 0)
            Volatile.Write(ref _slots[hash & _mask], new Entry(hash, rawUtf8.ToArray(), token));
    }

    /// <summary>Empties the cache, zeroing the raw values it held first.</summary>
    public void Clear()
    {
        foreach (var entry in _slots)
        {
            if (entry is not null)
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(entry.Raw);
        }
        Array.Clear(_slots);
    }

    private sealed class Entry(int hash, byte[] raw, string token)
    {
        public int Hash { get; } = hash;
        public byte[] Raw { get; } = raw;
        public string Token { get; } = token;
    }
}
