namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>
/// Issue 18: a checkpoint's sequences are held and marked in chunks below the large-object threshold; every
/// sequence is still marked processed, in the order acknowledged, and a failed mark retries the whole set.
/// </summary>
public sealed class ChunkedCheckpointTests
{
    [Fact]
    public void Sequences_keep_their_order_across_chunks_and_no_chunk_exceeds_its_length()
    {
        var chunks = new SequenceChunks();
        var first = Enumerable.Range(1, SequenceChunks.ChunkLength - 3).Select(i => (long)i).ToList();
        var second = Enumerable.Range(SequenceChunks.ChunkLength - 2, SequenceChunks.ChunkLength + 10).Select(i => (long)i).ToList();

        chunks.AddRange(first);
        chunks.AddRange(second);

        var segments = chunks.Segments().ToList();
        Assert.Equal(3, segments.Count);
        Assert.All(segments, s => Assert.InRange(s.Count, 1, SequenceChunks.ChunkLength));
        Assert.Equal(first.Count + second.Count, chunks.Count);
        Assert.Equal([.. first, .. second], segments.SelectMany(s => s));
    }

    [Fact]
    public void No_sequences_give_no_segments()
    {
        var chunks = new SequenceChunks();
        chunks.AddRange([]);

        Assert.Empty(chunks.Segments());
        Assert.Equal(0, chunks.Count);
    }

    [Fact]
    public async Task A_checkpoint_of_more_than_one_chunk_marks_every_record_processed_even_after_a_failed_mark()
    {
        await using var pipeline = await PipelineHarness.StartAsync(o => o.DispatchBatchSize = 20_000);
        var count = SequenceChunks.ChunkLength * 2 + 100;
        pipeline.Journal.FailMarks = 1; // the first chunk's mark fails; the retry marks the whole set again

        var result = await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", count));
        await pipeline.WaitForIdleAsync();

        Assert.Equal(count, result.Accepted);
        Assert.Equal(count, pipeline.Journal.ProcessedWatermark);
        Assert.Equal(count, pipeline.Dispatcher.Processed);
    }
}
