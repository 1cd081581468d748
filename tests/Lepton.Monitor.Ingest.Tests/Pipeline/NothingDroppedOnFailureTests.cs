using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>
/// Issue 12, item 6: records a monitor could not process are retried with backoff, then parked WITH their payload
/// before the journal lets them go; if parking fails too they stay unprocessed and are retried. Never dropped.
/// </summary>
public sealed class NothingDroppedOnFailureTests
{
    [Fact]
    public async Task Records_of_a_monitor_that_keeps_failing_are_parked_with_their_payload_before_they_are_marked_processed()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        long watermarkWhenParked = -1;
        pipeline.Monitors.Process = (_, _) =>
        {
            // Parking happens after this call failed for the whole retry budget: the journal must not have moved yet.
            watermarkWhenParked = pipeline.Journal.ProcessedWatermark;
            return Task.FromException<BatchResult>(new InvalidOperationException("grain storage unavailable (injected)"));
        };

        await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", 3));
        await pipeline.WaitForIdleAsync();

        var parked = pipeline.Parked.Parked.OrderBy(p => p.Record.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(PipelineHarness.Ids("tx-", 3), parked.Select(p => p.Record.Id));
        Assert.All(parked, p =>
        {
            Assert.Equal(PipelineHarness.UsMonitor, p.MonitorKey);
            Assert.Equal(9500.00m, p.Record.Amount);              // the payload, not just the id
            Assert.Equal("acme", p.Record.Tenant);
            Assert.Contains("grain storage unavailable", p.Reason, StringComparison.Ordinal);
            Assert.True(p.Retryable);
        });
        Assert.Equal(0, watermarkWhenParked);
        Assert.Equal(3, pipeline.Journal.ProcessedWatermark);
        Assert.Empty(pipeline.DeadLetters.Letters);
    }

    [Fact]
    public async Task When_parking_fails_too_records_stay_unprocessed_and_are_retried_until_their_monitor_takes_them()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var monitorUp = false;
        long watermarkWhileParkingFails = -1;
        var degradedWhileParkingFails = false;
        pipeline.Monitors.Process = (_, records) => Volatile.Read(ref monitorUp)
            ? Task.FromResult(new BatchResult(records.Length, 0))
            : Task.FromException<BatchResult>(new InvalidOperationException("silo overloaded (injected)"));
        pipeline.Parked.Fail = true;
        pipeline.Parked.OnFailure = failures =>
        {
            if (failures < 2)
                return;
            watermarkWhileParkingFails = pipeline.Journal.ProcessedWatermark;
            degradedWhileParkingFails = pipeline.Health.Conditions.Any(c => c.Name == $"monitor {PipelineHarness.UsMonitor}");
            Volatile.Write(ref monitorUp, true); // the outage ends
        };

        await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", 3));
        await pipeline.WaitForIdleAsync();

        Assert.Equal(0, watermarkWhileParkingFails);
        Assert.True(degradedWhileParkingFails);
        Assert.Equal(PipelineHarness.Ids("tx-", 3), pipeline.Monitors.AcknowledgedIds(PipelineHarness.UsMonitor).Order());
        Assert.Empty(pipeline.Parked.Parked);
        Assert.Empty(pipeline.DeadLetters.Letters);
        Assert.Equal(3, pipeline.Journal.ProcessedWatermark);
        Assert.False(pipeline.Health.IsDegraded);
    }

    [Fact]
    public async Task Records_a_monitor_could_not_check_are_parked_and_their_batch_neighbours_are_processed()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        pipeline.Monitors.Process = (_, records) => Task.FromResult(new BatchResult(records.Length - 1, 0)
        {
            Failed = [new RecordFailure("tx-1", "processing: amount overflows the rule arithmetic", Retryable: false)],
        });

        await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", 3));
        await pipeline.WaitForIdleAsync();

        var parked = Assert.Single(pipeline.Parked.Parked);
        Assert.Equal("tx-1", parked.Record.Id);
        Assert.Equal(9500.00m, parked.Record.Amount);
        Assert.Equal(PipelineHarness.UsMonitor, parked.MonitorKey);
        Assert.Equal("processing: amount overflows the rule arithmetic", parked.Reason);
        Assert.False(parked.Retryable);
        Assert.Equal(["tx-0", "tx-2"], pipeline.Monitors.AcknowledgedIds(PipelineHarness.UsMonitor).Order());
        Assert.Contains(PipelineHarness.UsMonitor, pipeline.Monitors.Checkpointed);
        Assert.Equal(3, pipeline.Journal.ProcessedWatermark);
    }
}
