using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Maps the UTF-8 bytes of a short code (≤ 8 ASCII bytes), matched case-insensitively, to its canonical string
/// instance. Codes repeat in every record, so the hot path reuses one string instead of allocating per record.
/// </summary>
internal sealed class CodeTable
{
    private readonly FrozenDictionary<ulong, string> _byKey;
    private readonly bool _upperCase;

    public CodeTable(IEnumerable<string> codes, bool upperCase)
    {
        _upperCase = upperCase;
        var map = new Dictionary<ulong, string>();
        foreach (var code in codes)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(code);
            if (!TryPack(bytes, upperCase, out var key))
                throw new ArgumentException($"'{code}' cannot be packed into a code key", nameof(codes));
            map[key] = upperCase ? code.ToUpperInvariant() : code.ToLowerInvariant();
        }
        _byKey = map.ToFrozenDictionary();
    }

    public bool TryGet(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out string? code)
    {
        if (TryPack(utf8, _upperCase, out var key))
            return _byKey.TryGetValue(key, out code);
        code = null;
        return false;
    }

    private static bool TryPack(ReadOnlySpan<byte> utf8, bool upperCase, out ulong key)
    {
        key = 0;
        if (utf8.Length is 0 or > 8)
            return false;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            // Only printable ASCII: a NUL byte would pack like a shorter code.
            if (b is < 0x21 or > 0x7E)
                return false;
            if (upperCase && b is >= (byte)'a' and <= (byte)'z')
                b -= 0x20;
            else if (!upperCase && b is >= (byte)'A' and <= (byte)'Z')
                b += 0x20;
            key |= (ulong)b << (8 * i);
        }
        return true;
    }
}
