namespace Lepton.Monitor.Drift.Summaries;

/// <summary>FNV-1a over 64-bit words: unlike HashCode it is the same in every process, so it can guard persisted state.</summary>
internal static class StableHash
{
    public const ulong Seed = 14695981039346656037UL;

    public static ulong Add(ulong hash, long word)
    {
        for (var i = 0; i < 8; i++)
        {
            hash ^= (byte)(word >> (8 * i));
            hash *= 1099511628211UL;
        }
        return hash;
    }

    public static ulong Add(ulong hash, double value) => Add(hash, BitConverter.DoubleToInt64Bits(value));

    public static ulong Add(ulong hash, string text)
    {
        foreach (var c in text)
            hash = Add(hash, (long)c);
        return Add(hash, text.Length);
    }
}
