using System.Buffers;

namespace Lepton.Monitor.Storage;

/// <summary>
/// A growable byte buffer on <see cref="ArrayPool{T}.Shared"/>: one append request's payloads are encoded into it,
/// so the hot path allocates no array per record (nor a large-object-heap array per request). Not thread-safe;
/// dispose it once nothing reads <see cref="WrittenSpan"/> any more.
/// </summary>
internal sealed class PooledByteBuffer(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
    private int _written;

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

    public void Reset() => _written = 0;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _array.Length)
            throw new InvalidOperationException("advanced past the end of the buffer");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_written);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    public void Dispose()
    {
        if (_array.Length > 0)
            ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _array.Length)
            return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, _written).CopyTo(bigger);
        if (_array.Length > 0)
            ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
