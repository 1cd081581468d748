using System.Text;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Per-thread, direct-mapped cache from short UTF-8 values to strings, for values that repeat across records
/// (tenant, attribute keys and values, feature names). Never used for PII fields. Bounded: a colliding value
/// simply replaces the slot.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxBytes = 32;
    private const int SlotCount = 1024;

    [ThreadStatic] private static Utf8StringCache? t_current;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Entry?[] _slots = new Entry?[SlotCount];

    public static Utf8StringCache Current => t_current ??= new Utf8StringCache();

    /// <summary>The string for <paramref name="utf8"/>; throws <see cref="DecoderFallbackException"/> on invalid UTF-8.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
            return StrictUtf8.GetString(utf8);
        var hash = 2166136261u; // FNV-1a: these values are tiny, a fancier hash would cost more than it saves
        foreach (var b in utf8)
            hash = (hash ^ b) * 16777619u;
        ref var slot = ref _slots[hash & (SlotCount - 1)];
        var entry = slot;
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
            return entry.Value;
        var value = StrictUtf8.GetString(utf8);
        slot = new Entry(utf8.ToArray(), value);
        return value;
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
