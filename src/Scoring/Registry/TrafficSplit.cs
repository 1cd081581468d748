using System.Text;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Canary routing as a pure function: a record goes to the canary when the stable hash of its key (record id, or
/// entity for sticky per-customer routing) falls below the canary share. The same key always takes the same way in
/// every process and after restarts, and raising the share only moves keys from production to canary, never back.
/// </summary>
public static class TrafficSplit
{
    /// <summary>Where the record with <paramref name="key"/> goes at <paramref name="canaryShare"/> (0 = none, 1 = all).</summary>
    /// <param name="salt">Optional experiment name, so two canaries at the same share do not pick the same records.</param>
    public static TrafficRoute Route(string key, double canaryShare, string? salt = null)
    {
        if (double.IsNaN(canaryShare) || canaryShare < 0 || canaryShare > 1)
            throw new ArgumentOutOfRangeException(nameof(canaryShare), canaryShare, "must be in [0, 1]");
        return Bucket(key, salt) < canaryShare ? TrafficRoute.Canary : TrafficRoute.Production;
    }

    /// <summary>The key's position in [0, 1): uniform over keys, identical on every run and platform.</summary>
    public static double Bucket(string key, string? salt = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        // FNV-1a over UTF-8 (string.GetHashCode is randomised per process), then the splitmix64 finaliser so that
        // near-identical ids ("tx-1", "tx-2") spread over the whole range.
        var hash = 14695981039346656037UL;
        hash = Mix(hash, salt ?? "");
        hash = (hash ^ 0xFF) * 1099511628211UL; // separator: ("ab", "c") ≠ ("a", "bc")
        hash = Mix(hash, key);
        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
            hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
