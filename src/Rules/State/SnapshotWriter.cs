using System.Buffers.Binary;
using System.Text;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Writes the encodings of <see cref="BinaryWriter"/> (little-endian integers, 7-bit encoded integers, length-prefixed
/// UTF-8 strings) into a span measured beforehand, so a snapshot is one exact array with no stream growing under it.
/// The Length* functions give what each Write takes.
/// </summary>
internal ref struct SnapshotWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Position { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[Position..]);
        Position += bytes.Length;
    }

    public void Write(byte value) => _destination[Position++] = value;

    public void Write(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_destination[Position..], value);
        Position += sizeof(long);
    }

    /// <summary>As <see cref="BinaryWriter.Write7BitEncodedInt64"/>: 7 bits a byte, low first, of the value as unsigned.</summary>
    public void Write7BitEncoded(long value)
    {
        var v = (ulong)value;
        while (v > 0x7Fu)
        {
            _destination[Position++] = (byte)(v | 0x80u);
            v >>= 7;
        }
        _destination[Position++] = (byte)v;
    }

    /// <summary>As <see cref="BinaryWriter.Write7BitEncodedInt"/> (an int as unsigned 32 bits).</summary>
    public void Write7BitEncoded(int value) => Write7BitEncoded((long)(uint)value);

    /// <summary>As <see cref="BinaryWriter.Write(string)"/> with UTF-8: the byte count 7-bit encoded, then the bytes.</summary>
    public void Write(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Write7BitEncoded(length);
        Position += Encoding.UTF8.GetBytes(value, _destination.Slice(Position, length));
    }

    public static int Length7BitEncoded(long value)
    {
        var v = (ulong)value;
        var n = 1;
        while (v > 0x7Fu)
        {
            v >>= 7;
            n++;
        }
        return n;
    }

    public static int Length7BitEncoded(int value) => Length7BitEncoded((long)(uint)value);

    public static long LengthOf(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return Length7BitEncoded(length) + length;
    }
}
