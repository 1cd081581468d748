using Azure.Messaging.EventHubs.Processor;
using Lepton.Monitor.Ingest.EventHubs;

namespace Lepton.Monitor.EventHubs.Tests.Consumer;

/// <summary>Checkpoints cover a batch only once it and every earlier batch of the partition finished; a failed batch ends them.</summary>
public sealed class EventHubsPartitionPipelineTests
{
    private static (EventHubsInFlightBatch Batch, TaskCompletionSource Done) Batch(long lastSequence)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (new EventHubsInFlightBatch(done.Task, new CheckpointPosition((lastSequence * 100).ToString(), lastSequence), 10), done);
    }

    [Fact]
    public void A_later_batch_finishing_first_is_checkpointed_only_with_the_earlier_one()
    {
        var pipeline = new EventHubsPartitionPipeline("0", maxInFlight: 3, checkpointedSequence: -1);
        var (first, firstDone) = Batch(9);
        var (second, secondDone) = Batch(19);
        var (third, thirdDone) = Batch(29);
        pipeline.Add(first);
        pipeline.Add(second);
        pipeline.Add(third);
        Assert.True(pipeline.AtLimit);

        secondDone.SetResult();
        thirdDone.SetResult();
        Assert.Null(pipeline.TakeFinished(out var failure));
        Assert.Null(failure);
        Assert.Equal(3, pipeline.InFlightCount);

        firstDone.SetResult();
        var position = pipeline.TakeFinished(out failure);
        Assert.Null(failure);
        Assert.Equal(29, position!.Value.SequenceNumber);
        Assert.Equal("2900", position.Value.OffsetString);
        Assert.Equal(0, pipeline.InFlightCount);
        Assert.False(pipeline.AtLimit);
    }

    [Fact]
    public void A_failed_batch_stops_every_later_checkpoint_of_the_partition()
    {
        var pipeline = new EventHubsPartitionPipeline("1", maxInFlight: 4, checkpointedSequence: 4);
        var (first, firstDone) = Batch(9);
        var (second, secondDone) = Batch(19);
        var (third, thirdDone) = Batch(29);
        pipeline.Add(first);
        pipeline.Add(second);
        pipeline.Add(third);
        firstDone.SetResult();
        secondDone.SetException(new InvalidOperationException("ingest stopped"));
        thirdDone.SetResult();

        var position = pipeline.TakeFinished(out var failure);
        Assert.Equal(9, position!.Value.SequenceNumber);
        Assert.IsType<InvalidOperationException>(failure);
        Assert.True(pipeline.Broken);

        var (fourth, fourthDone) = Batch(39);
        pipeline.Add(fourth);
        fourthDone.SetResult();
        Assert.Null(pipeline.TakeFinished(out _));
    }

    [Fact]
    public void A_cancelled_batch_counts_as_failed()
    {
        var pipeline = new EventHubsPartitionPipeline("2", maxInFlight: 2, checkpointedSequence: -1);
        var (first, firstDone) = Batch(9);
        pipeline.Add(first);
        firstDone.SetCanceled();
        Assert.Null(pipeline.TakeFinished(out var failure));
        Assert.NotNull(failure);
        Assert.True(pipeline.Broken);
    }

    [Fact]
    public async Task Drain_reports_the_batches_that_did_not_finish_and_cancel_reaches_them()
    {
        var pipeline = new EventHubsPartitionPipeline("3", maxInFlight: 2, checkpointedSequence: -1);
        var (first, firstDone) = Batch(9);
        pipeline.Add(first);
        var token = pipeline.Processing;
        var stuck = Task.Delay(Timeout.Infinite, token);
        pipeline.Add(new EventHubsInFlightBatch(stuck, new CheckpointPosition("1900", 19), 10));
        firstDone.SetResult();

        Assert.Equal(1, await pipeline.DrainAsync(TimeSpan.Zero));
        Assert.Equal(9, pipeline.TakeFinished(out _)!.Value.SequenceNumber);

        pipeline.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck);
        Assert.Null(pipeline.TakeFinished(out var failure));
        Assert.NotNull(failure);
    }
}
