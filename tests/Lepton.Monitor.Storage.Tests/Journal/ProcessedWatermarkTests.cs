namespace Lepton.Monitor.Storage.Tests;

public sealed class ProcessedWatermarkTests
{
    [Theory]
    [InlineData(new long[] { 1, 2, 3 }, 3, 0)]
    [InlineData(new long[] { 3, 2, 1 }, 3, 0)]
    [InlineData(new long[] { 2, 3 }, 0, 1)]
    [InlineData(new long[] { 1, 3, 5, 7 }, 1, 3)]
    [InlineData(new long[] { 1, 3, 5, 7, 6, 4, 2 }, 7, 0)]
    [InlineData(new long[] { 5, 1, 1, 2, 2 }, 2, 1)]
    public void Advances_only_over_contiguous_marks(long[] marks, long expectedWatermark, int expectedPendingRanges)
    {
        var watermark = new ProcessedWatermark(0);

        foreach (var mark in marks)
            watermark.Add([mark]);

        Assert.Equal(expectedWatermark, watermark.Value);
        Assert.Equal(expectedPendingRanges, watermark.PendingRanges);
    }

    [Fact]
    public void Runs_merge_so_pending_state_stays_small()
    {
        var watermark = new ProcessedWatermark(100);

        watermark.Add([.. Enumerable.Range(201, 100).Select(i => (long)i)]);
        watermark.Add([.. Enumerable.Range(102, 99).Select(i => (long)i)]);
        Assert.Equal(100, watermark.Value);
        Assert.Equal(1, watermark.PendingRanges);

        watermark.Add([101]);
        Assert.Equal(300, watermark.Value);
        Assert.Equal(0, watermark.PendingRanges);
    }
}
