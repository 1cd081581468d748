using System.IO.Compression;
using Lepton.Monitor.Dashboard.Apis;

namespace Lepton.Monitor.Dashboard.Tests.Records;

public sealed class RecordBodyReaderTests
{
    private static byte[] Body(int size)
    {
        var body = new byte[size];
        for (var i = 0; i < size; i++)
            body[i] = (byte)('a' + i % 26);
        return body;
    }

    [Theory]
    [InlineData(100)]
    [InlineData(64 * 1024 + 7)]
    [InlineData(900_000)]
    public async Task A_body_of_its_announced_length_fills_the_buffer_sized_for_it_without_growing(int size)
    {
        var body = Body(size);
        // As POST /v1/records sizes it: Content-Length + 1.
        using var buffer = new PooledBodyBuffer(size + 1);
        var capacity = buffer.Capacity;

        var outcome = await RecordBodyReader.ReadAsync(new MemoryStream(body), gzip: false, limit: 4_000_000, buffer, CancellationToken.None);

        Assert.Equal(RecordBodyReader.Outcome.Read, outcome);
        Assert.Equal(body, buffer.WrittenSpan.ToArray());
        Assert.Equal(capacity, buffer.Capacity); // no grow-and-copy near the end
    }

    [Fact]
    public async Task A_body_longer_than_announced_or_gzip_grows_and_is_read_whole()
    {
        var body = Body(300_000);
        using var small = new PooledBodyBuffer(1_000);
        Assert.Equal(RecordBodyReader.Outcome.Read, await RecordBodyReader.ReadAsync(new MemoryStream(body), false, 4_000_000, small, CancellationToken.None));
        Assert.Equal(body, small.WrittenSpan.ToArray());

        var zipped = new MemoryStream();
        await using (var gz = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
            await gz.WriteAsync(body);
        zipped.Position = 0;
        using var inflated = new PooledBodyBuffer((int)zipped.Length + 1);
        Assert.Equal(RecordBodyReader.Outcome.Read, await RecordBodyReader.ReadAsync(zipped, true, 4_000_000, inflated, CancellationToken.None));
        Assert.Equal(body, inflated.WrittenSpan.ToArray());
    }

    [Fact]
    public async Task A_body_past_the_limit_is_too_large()
    {
        using var buffer = new PooledBodyBuffer(1_001);
        Assert.Equal(RecordBodyReader.Outcome.TooLarge,
            await RecordBodyReader.ReadAsync(new MemoryStream(Body(5_000)), false, 1_000, buffer, CancellationToken.None));
    }
}
