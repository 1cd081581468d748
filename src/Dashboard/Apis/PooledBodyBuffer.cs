using System.Buffers;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// A request body's bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>; dispose returns it. A 5,000-record
/// body is megabytes: allocated per request it was a large-object-heap array zeroed and collected for every POST
/// (about 480 B per record, and the gen2 collections the LOH budget triggers).
/// </summary>
/// <remarks>
/// Only <see cref="WrittenMemory"/> is ever read: the rest of a rented array may hold an earlier request's bytes.
/// Nothing may keep <see cref="WrittenMemory"/> past <see cref="Dispose"/> (ingest parses it into records of their
/// own before SubmitAsync returns).
/// </remarks>
public sealed class PooledBodyBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _written;
    private bool _disposed;

    /// <param name="capacity">The bytes expected (Content-Length + 1, so the read that finds the end has room).</param>
    public PooledBodyBuffer(int capacity) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(1, capacity));

    public int WrittenCount => _written;

    public int Capacity => _array.Length;

    public int FreeCapacity => _array.Length - _written;

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > FreeCapacity)
            throw new InvalidOperationException($"advanced {count} bytes past the {FreeCapacity} free");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _array.AsSpan(_written);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        var array = _array;
        _array = [];
        _written = 0;
        ArrayPool<byte>.Shared.Return(array);
    }

    private void EnsureFree(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        sizeHint = Math.Max(1, sizeHint);
        if (FreeCapacity >= sizeHint)
            return;
        // Doubling keeps an unknown-length body (gzip, chunked) to a logarithmic number of copies.
        var bigger = ArrayPool<byte>.Shared.Rent(checked(Math.Max(_written + sizeHint, _array.Length * 2)));
        _array.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
