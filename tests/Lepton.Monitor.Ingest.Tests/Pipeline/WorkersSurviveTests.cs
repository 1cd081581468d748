using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Issue 12, item 9: a store error neither kills a dispatch worker nor stops the host; health says degraded meanwhile.</summary>
public sealed class WorkersSurviveTests
{
    [Fact]
    public async Task A_dispatch_worker_that_fails_restarts_resumes_its_round_and_reports_degraded_meanwhile()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var degradedWhileDown = false;
        pipeline.RouterTenants.OnFailure = failures => degradedWhileDown |= failures >= 2
            && pipeline.Health.Conditions.Any(c => c.Name == "dispatch worker 0");
        pipeline.RouterTenants.FailSnapshots = 2;

        await pipeline.SubmitAsync(PipelineHarness.Ids("a-", 2));
        await pipeline.WaitForIdleAsync();
        // The one worker is still there for later work.
        await pipeline.SubmitAsync(PipelineHarness.Ids("b-", 2));
        await pipeline.WaitForIdleAsync();

        Assert.True(degradedWhileDown);
        Assert.Equal(["a-0", "a-1", "b-0", "b-1"], pipeline.Monitors.AcknowledgedIds(PipelineHarness.UsMonitor).Order());
        Assert.Equal(4, pipeline.Journal.ProcessedWatermark);
        Assert.False(pipeline.Health.IsDegraded);
    }

    [Fact]
    public async Task A_journal_error_while_marking_processed_is_retried_and_later_work_still_flows()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        pipeline.Journal.FailMarks = 2;

        await pipeline.SubmitAsync(PipelineHarness.Ids("a-", 2));
        await pipeline.WaitForIdleAsync();
        await pipeline.SubmitAsync(PipelineHarness.Ids("b-", 2));
        await pipeline.WaitForIdleAsync();

        Assert.Equal(4, pipeline.Journal.ProcessedWatermark);
        Assert.False(pipeline.Health.IsDegraded);
    }

    [Fact]
    public async Task A_failing_purge_does_not_stop_the_host_and_is_tried_again()
    {
        await using var pipeline = await PipelineHarness.StartAsync(o => o.PurgeInterval = TimeSpan.FromMilliseconds(10));
        var readiness = new IngestReadiness();
        var degradedAfterFailure = false;
        pipeline.Journal.FailPurges = 2;
        pipeline.Journal.OnPurgeFailure = failures =>
        {
            // The first failure's condition is raised by the time the second purge runs.
            if (failures == 2)
                degradedAfterFailure = pipeline.Health.Conditions.Any(c => c.Name == "journal purge");
        };
        using var recovery = new JournalRecovery(pipeline.Journal, pipeline.Dispatcher, pipeline.Options, readiness, pipeline.Health,
            NullLogger<JournalRecovery>.Instance);

        await recovery.StartAsync(CancellationToken.None);
        await pipeline.Journal.PurgeSucceeded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(readiness.IsReady);
        Assert.True(degradedAfterFailure);
        Assert.False(recovery.ExecuteTask!.IsCompleted);
        Assert.True(pipeline.Journal.Purges >= 3);
        await recovery.StopAsync(CancellationToken.None);
        Assert.DoesNotContain(pipeline.Health.Conditions, c => c.Name == "journal purge");
    }
}
