namespace Lepton.Monitor.Ingest;

/// <summary>
/// Where an owned parse's (<see cref="RecordParser.ParseOwned"/>) JSON lies: the body's array and the array index of the
/// reader's first byte. PII values then stay bytes in that array, and repeated attribute and feature maps are shared.
/// <see cref="Array"/> is null for an ordinary parse, which decodes every value into a string of the record's own.
/// </summary>
internal readonly struct OwnedBody(byte[]? array, int readerStart)
{
    public static OwnedBody None => default;

    public byte[]? Array { get; } = array;

    /// <summary>Array index of the reader's input position 0.</summary>
    public int ReaderStart { get; } = readerStart;

    /// <summary>This body for a reader whose input starts <paramref name="offset"/> bytes further in.</summary>
    public OwnedBody At(int offset) => Array is null ? this : new OwnedBody(Array, ReaderStart + offset);

    /// <summary>The bytes at reader positions [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public ReadOnlySpan<byte> Slice(long start, long end) => Array.AsSpan(ReaderStart + (int)start, (int)(end - start));
}
