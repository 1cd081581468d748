using System.Buffers.Binary;
using System.Text;

namespace Lepton.Monitor.Storage;

/// <summary>Reads what <see cref="PayloadWriter"/> wrote; throws <see cref="InvalidDataException"/> on truncation.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public decimal ReadDecimal()
    {
        var span = Take(16);
        Span<int> parts = stackalloc int[4];
        for (var i = 0; i < 4; i++)
            parts[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
        return new decimal(parts);
    }

    public DateTimeOffset ReadDateTimeOffset()
    {
        var ticks = ReadInt64();
        var offsetMinutes = ReadInt16();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
    }

    public uint ReadVarUInt()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }
        throw new InvalidDataException("journal payload: malformed variable-length integer");
    }

    /// <summary>The collection count, or null when the writer wrote a null collection.</summary>
    public int? ReadCount()
    {
        var raw = ReadVarUInt();
        if (raw == 0)
            return null;
        var count = raw - 1;
        // Every element takes at least one byte, so a larger count can only mean corruption.
        if (count > (uint)Remaining)
            throw new InvalidDataException("journal payload: collection count exceeds the data");
        return (int)count;
    }

    public string? ReadString()
    {
        var raw = ReadVarUInt();
        if (raw == 0)
            return null;
        var length = raw - 1;
        if (length > (uint)Remaining)
            throw new InvalidDataException("journal payload: string length exceeds the data");
        return Encoding.UTF8.GetString(Take((int)length));
    }

    /// <summary>The UTF-8 bytes of a string that must not be null, without decoding them.</summary>
    public ReadOnlySpan<byte> ReadRequiredStringBytes()
    {
        var raw = ReadVarUInt();
        if (raw == 0)
            throw new InvalidDataException("journal payload: a required string is null");
        var length = raw - 1;
        if (length > (uint)Remaining)
            throw new InvalidDataException("journal payload: string length exceeds the data");
        return Take((int)length);
    }

    public string ReadRequiredString() =>
        ReadString() ?? throw new InvalidDataException("journal payload: a required string is null");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
            throw new InvalidDataException("journal payload: truncated");
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
