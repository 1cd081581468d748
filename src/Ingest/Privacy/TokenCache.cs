namespace Lepton.Monitor.Ingest;

/// <summary>
/// Bounded, lock-free raw→token cache: a direct-mapped array of immutable entries. Reads and writes of one
/// reference are atomic, so concurrent ingest threads need no lock; a collision just evicts the older entry.
/// Real streams repeat the same accounts and customers, so most tokens come from here instead of an HMAC.
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

    public bool TryGet(string raw, out string token)
    {
        if (_slots.Length != 0)
        {
            var entry = Volatile.Read(ref _slots[raw.GetHashCode() & _mask]);
            if (entry is not null && string.Equals(entry.Raw, raw, StringComparison.Ordinal))
            {
                token = entry.Token;
                return true;
            }
        }
        token = string.Empty;
        return false;
    }

    public void Add(string raw, string token)
    {
        if (_slots.Length != 0)
            Volatile.Write(ref _slots[raw.GetHashCode() & _mask], new Entry(raw, token));
    }

    public void Clear() => Array.Clear(_slots);

    private sealed class Entry(string raw, string token)
    {
        public string Raw { get; } = raw;
        public string Token { get; } = token;
    }
}
