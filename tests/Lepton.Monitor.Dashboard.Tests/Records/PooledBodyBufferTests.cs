using System.Buffers;
using System.Runtime.InteropServices;
using Lepton.Monitor.Dashboard.Apis;

namespace Lepton.Monitor.Dashboard.Tests.Records;

/// <summary>The rented buffer POST /v1/records reads a body into: what was written, grown whole, returned once.</summary>
public sealed class PooledBodyBufferTests
{
    [Fact]
    public void What_is_written_is_what_is_read_back_across_growing()
    {
        using var buffer = new PooledBodyBuffer(10);
        var expected = new List<byte>();
        for (var round = 0; round < 5; round++)
        {
            var span = buffer.GetSpan(700);
            Assert.True(span.Length >= 700);
            for (var i = 0; i < 700; i++)
                span[i] = (byte)(round * 31 + i);
            buffer.Advance(700);
            expected.AddRange(span[..700].ToArray());
        }

        Assert.Equal(3_500, buffer.WrittenCount);
        Assert.Equal(expected, buffer.WrittenMemory.ToArray());
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        Assert.Equal(buffer.Capacity - 3_500, buffer.FreeCapacity);
    }

    [Fact]
    public void A_buffer_sized_for_the_body_does_not_grow_while_it_has_room()
    {
        using var buffer = new PooledBodyBuffer(5_001);
        var capacity = buffer.Capacity;
        Assert.True(capacity >= 5_001);

        buffer.GetMemory(1);
        buffer.Advance(5_000);
        buffer.GetMemory(1);

        Assert.Equal(capacity, buffer.Capacity);
    }

    [Fact]
    public void Advancing_past_the_free_space_is_refused()
    {
        using var buffer = new PooledBodyBuffer(16);
        Assert.Throws<InvalidOperationException>(() => buffer.Advance(buffer.Capacity + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void Disposing_twice_returns_the_array_once_and_the_buffer_is_unusable_after()
    {
        const int size = 123_457; // a bucket no other test here rents
        var buffer = new PooledBodyBuffer(size);
        buffer.Advance(1);
        Assert.True(MemoryMarshal.TryGetArray(buffer.WrittenMemory, out var segment));

        buffer.Dispose();
        buffer.Dispose();

        // Returned twice, the pool would hand the same array to two renters.
        var first = ArrayPool<byte>.Shared.Rent(size);
        var second = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            Assert.NotSame(first, second);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
            ArrayPool<byte>.Shared.Return(second);
        }
        Assert.NotNull(segment.Array);
        Assert.Equal(0, buffer.WrittenCount);
        Assert.Throws<ObjectDisposedException>(() => buffer.GetMemory(1));
    }
}
