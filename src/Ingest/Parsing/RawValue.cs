using System.Text;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// A raw PII value (party account, name, customer id): either a string, or its UTF-8 bytes in place in the request body
/// an ingest parse read it from. The hot path hashes the bytes into a pseudonym and never decodes them, so the raw
/// value never exists as a string there.
/// </summary>
internal readonly struct RawValue
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A string, or the byte[] holding the value at [_start, _start + _length); null for an absent value.
    private readonly object? _source;
    private readonly int _start;
    private readonly int _length;

    private RawValue(object? source, int start, int length)
    {
        _source = source;
        _start = start;
        _length = length;
    }

    public static RawValue FromText(string? text) => new(text, 0, text?.Length ?? 0);

    /// <summary>Bytes that are valid UTF-8 (the parser checked them) and outlive every reader of this value.</summary>
    public static RawValue FromUtf8(byte[] array, int start, int length) => new(array, start, length);

    public bool IsNull => _source is null;

    /// <summary>The value as a string (decoded when held as bytes: not for the hot path).</summary>
    public string? ToText() => _source switch
    {
        null => null,
        string text => text,
        _ => StrictUtf8.GetString((byte[])_source, _start, _length),
    };

    /// <summary>The UTF-8 bytes when held as bytes; false when held as a string.</summary>
    public bool TryGetUtf8(out ReadOnlySpan<byte> utf8)
    {
        if (_source is byte[] array)
        {
            utf8 = array.AsSpan(_start, _length);
            return true;
        }
        utf8 = default;
        return false;
    }
}
