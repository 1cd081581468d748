using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Issue 12, item 5: a caller that gives up, or a failure after the journal append, never strands journaled records.</summary>
public sealed class JournaledMeansDispatchedTests
{
    [Fact]
    public async Task A_request_cancelled_while_dispatch_is_backed_up_strands_nothing_and_its_retry_is_dispatched()
    {
        await using var pipeline = await PipelineHarness.StartAsync(o => o.DispatchQueueCapacity = 1);
        var monitorEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitorGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.Monitors.Process = async (_, records) =>
        {
            monitorEntered.TrySetResult();
            await monitorGate.Task;
            return new BatchResult(records.Length, 0);
        };

        // a-* occupies the only worker (blocked in its monitor), b-* the only queue place: dispatch is backed up.
        await pipeline.SubmitAsync(PipelineHarness.Ids("a-", 2));
        await monitorEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await pipeline.SubmitAsync(PipelineHarness.Ids("b-", 2));

        // The client of c-* times out while it waits for room.
        var cIds = PipelineHarness.Ids("c-", 3);
        using var timeout = new CancellationTokenSource();
        var cancelled = pipeline.Ingest.SubmitAsync(PipelineHarness.Body(cIds), IngestSource.Http, "acme", timeout.Token);
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        monitorGate.SetResult();
        // Its retry is new work, not "duplicates" of records that were journaled but never dispatched.
        var retry = await pipeline.SubmitAsync(cIds);
        Assert.Equal(0, retry.Duplicates);
        Assert.Equal(3, retry.Accepted);
        await pipeline.WaitForIdleAsync();

        Assert.Equal([.. PipelineHarness.Ids("a-", 2), .. PipelineHarness.Ids("b-", 2), .. cIds],
            pipeline.Monitors.AcknowledgedIds(PipelineHarness.UsMonitor).Order());
        Assert.Equal(7, pipeline.Journal.ProcessedWatermark);
    }

    [Fact]
    public async Task Records_journaled_when_the_dead_letter_store_fails_are_still_dispatched()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        pipeline.DeadLetters.Fail = true;
        var body = PipelineHarness.Body("ok-0", "ok-1").ToArray().Concat("\n{\"id\":\"bad-0\",\"tenant\":\"acme\"}"u8.ToArray()).ToArray();

        // The rejected record cannot be dead-lettered: the request fails (the client will retry) ...
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.Ingest.SubmitAsync(body, IngestSource.Http, "acme"));
        await pipeline.WaitForIdleAsync();

        // ... but the valid records it journaled were dispatched all the same, so the retry's "duplicates" are true.
        Assert.Equal(["ok-0", "ok-1"], pipeline.Monitors.AcknowledgedIds(PipelineHarness.UsMonitor).Order());
        Assert.Equal(2, pipeline.Journal.ProcessedWatermark);
        pipeline.DeadLetters.Fail = false;
        var retry = await pipeline.Ingest.SubmitAsync(body, IngestSource.Http, "acme");
        Assert.Equal(2, retry.Duplicates);
        Assert.Single(retry.Rejected);
    }
}
