using System.Security.Cryptography;

namespace Lepton.Monitor.Storage;

/// <summary>
/// ULID-style ids: 48-bit Unix milliseconds then 80 random bits, Crockford base32, 26 characters.
/// Sorting the strings sorts by creation time (newest-first lists page by id), and within one process
/// ids are strictly increasing even inside one millisecond; the randomness keeps silos from colliding.
/// </summary>
public static class SortableId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly Lock Gate = new();
    private static long _lastMillis;
    private static UInt128 _lastRandom;

    /// <summary>A new id with <paramref name="prefix"/> (e.g. <c>al-</c>) in front.</summary>
    public static string New(string prefix, DateTimeOffset now)
    {
        var millis = Math.Max(0, now.ToUnixTimeMilliseconds());
        UInt128 random;
        lock (Gate)
        {
            if (millis <= _lastMillis)
            {
                // Same (or an earlier, clock-stepped) millisecond: stay on the last one and count up.
                millis = _lastMillis;
                random = (_lastRandom + 1) & ((UInt128.One << 80) - 1);
                if (random == 0)
                    millis++; // 2^80 ids in one millisecond: borrow the next one rather than go backwards
            }
            else
            {
                Span<byte> bytes = stackalloc byte[10];
                RandomNumberGenerator.Fill(bytes);
                random = 0;
                foreach (var b in bytes)
                    random = (random << 8) | b;
                // Leave headroom so counting up inside this millisecond cannot wrap.
                random >>= 1;
            }
            _lastMillis = millis;
            _lastRandom = random;
        }

        var value = ((UInt128)(ulong)millis << 80) | random;
        return string.Create(prefix.Length + 26, (prefix, value), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            var digits = span[state.prefix.Length..];
            var v = state.value;
            for (var i = digits.Length - 1; i >= 0; i--)
            {
                digits[i] = Alphabet[(int)(v & 31)];
                v >>= 5;
            }
        });
    }
}
