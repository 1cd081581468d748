using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Little-endian primitives into a growable buffer for <see cref="RecordCodec"/>. Strings carry a
/// 7-bit length prefix of (UTF-8 byte count + 1) so that 0 can mean null.
/// </summary>
internal readonly struct PayloadWriter(IBufferWriter<byte> buffer)
{
    public void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    /// <summary>The four 32-bit parts of the decimal, so scale (9500.00 vs 9500) survives.</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> parts = stackalloc int[4];
        decimal.GetBits(value, parts);
        var span = buffer.GetSpan(16);
        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], parts[i]);
        buffer.Advance(16);
    }

    /// <summary>Clock ticks plus the offset in minutes: the value and its offset round-trip exactly.</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        WriteInt64(value.Ticks);
        WriteInt16((short)value.TotalOffsetMinutes);
    }

    public void WriteVarUInt(uint value)
    {
        var span = buffer.GetSpan(5);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    /// <summary>Count of a collection + 1, or 0 for null.</summary>
    public void WriteCount(int? count) => WriteVarUInt(count is { } c ? (uint)c + 1 : 0u);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteVarUInt(0);
            return;
        }
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((uint)byteCount + 1);
        var written = Encoding.UTF8.GetBytes(value, buffer.GetSpan(byteCount));
        buffer.Advance(written);
    }
}
