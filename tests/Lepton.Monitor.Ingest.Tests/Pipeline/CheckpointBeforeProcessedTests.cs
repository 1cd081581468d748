using System.Collections.Concurrent;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>
/// Issue 12, item 3 (dispatcher side): the journal marks records processed only after every monitor they went to
/// persisted its state, so a crash replays exactly what the monitors' last checkpoint does not hold.
/// </summary>
public sealed class CheckpointBeforeProcessedTests
{
    [Fact]
    public async Task Records_are_marked_processed_only_after_every_monitor_they_touched_checkpointed()
    {
        // The sample record concerns the US (beneficiary, list) and the EU (originator DE, data subject): two monitors.
        await using var pipeline = await PipelineHarness.StartAsync(null, "US", "EU");
        var watermarkAtCheckpoint = new ConcurrentDictionary<string, long>();
        pipeline.Monitors.Checkpoint = key =>
        {
            watermarkAtCheckpoint[key] = pipeline.Journal.ProcessedWatermark;
            return Task.CompletedTask;
        };

        await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", 3));
        await pipeline.WaitForIdleAsync();

        var us = PipelineHarness.UsMonitor;
        var eu = MonitorKey.For("acme", "EU");
        Assert.Equal([eu, us], watermarkAtCheckpoint.Keys.Order());
        // Each monitor was asked to persist while the journal still held every record as unprocessed.
        Assert.All(watermarkAtCheckpoint.Values, watermark => Assert.Equal(0, watermark));
        Assert.Equal(3, pipeline.Journal.ProcessedWatermark);
        Assert.Equal(3, pipeline.Dispatcher.Processed);
    }

    [Fact]
    public async Task Acknowledged_records_count_as_processed_only_once_their_checkpoint_completed()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var checkpointGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.Monitors.Checkpoint = _ => checkpointGate.Task;

        await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", 3));
        await pipeline.Dispatcher.WaitForDispatchedAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, pipeline.Dispatcher.Acknowledged);
        Assert.Equal(0, pipeline.Dispatcher.Processed);
        Assert.Equal(0, pipeline.Journal.ProcessedWatermark);
        checkpointGate.SetResult();
        await pipeline.WaitForIdleAsync();
        Assert.Equal(3, pipeline.Dispatcher.Processed);
        Assert.Equal(3, pipeline.Journal.ProcessedWatermark);
    }

    [Fact]
    public async Task A_failing_checkpoint_keeps_records_unprocessed_and_is_retried_until_it_succeeds()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var failures = 0;
        long watermarkWhileFailing = -1;
        var degradedWhileFailing = false;
        pipeline.Monitors.Checkpoint = _ =>
        {
            if (++failures > 2)
                return Task.CompletedTask;
            if (failures == 2)
            {
                watermarkWhileFailing = pipeline.Journal.ProcessedWatermark;
                degradedWhileFailing = pipeline.Health.Conditions.Any(c => c.Name == "dispatch checkpoint");
            }
            return Task.FromException(new TimeoutException("grain state store timed out (injected)"));
        };

        await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", 3));
        await pipeline.WaitForIdleAsync();

        Assert.Equal(0, watermarkWhileFailing);
        Assert.True(degradedWhileFailing);
        Assert.Equal(3, pipeline.Journal.ProcessedWatermark);
        Assert.False(pipeline.Health.IsDegraded);
    }
}
