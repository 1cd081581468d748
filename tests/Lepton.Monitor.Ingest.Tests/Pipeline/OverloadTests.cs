using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Issue 13, item 4: overload is answered (refused with a retry time, nothing journaled), not held open.</summary>
public sealed class OverloadTests
{
    [Fact]
    public async Task A_tenant_holding_its_share_of_the_queue_waits_while_another_tenant_is_admitted()
    {
        await using var pipeline = await PipelineHarness.StartAsync(o => { o.DispatchQueueCapacity = 4; o.TenantQueueShare = 0.5; });
        using var first = await pipeline.Dispatcher.TryAdmitAsync("flood", TimeSpan.FromSeconds(5));
        using var second = await pipeline.Dispatcher.TryAdmitAsync("flood", TimeSpan.FromSeconds(5));
        Assert.NotNull(first);
        Assert.NotNull(second);

        // The flooding tenant holds half the queue: its next request is refused after the bounded wait ...
        Assert.Null(await pipeline.Dispatcher.TryAdmitAsync("flood", TimeSpan.FromMilliseconds(50)));
        // ... while another tenant still finds room at once.
        using var other = await pipeline.Dispatcher.TryAdmitAsync("quiet", TimeSpan.Zero);
        Assert.NotNull(other);

        // A place given back is the flooding tenant's again.
        first!.Dispose();
        using var again = await pipeline.Dispatcher.TryAdmitAsync("flood", TimeSpan.Zero);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task An_http_request_that_finds_dispatch_backed_up_is_refused_with_a_retry_time_and_nothing_journaled()
    {
        await using var pipeline = await PipelineHarness.StartAsync(o => { o.DispatchQueueCapacity = 2; o.AdmissionWait = TimeSpan.FromMilliseconds(100); });
        // Another tenant's requests hold every place of the queue.
        using var a = await pipeline.Dispatcher.TryAdmitAsync("other", TimeSpan.Zero);
        using var b = await pipeline.Dispatcher.TryAdmitAsync(null, TimeSpan.Zero);

        var refused = await Assert.ThrowsAsync<IngestOverloadedException>(() => pipeline.SubmitAsync("r-0", "r-1"));
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Contains("nothing of this request was accepted", refused.Message, StringComparison.Ordinal);

        // Nothing was journaled: once there is room the same records are new, not duplicates.
        a!.Dispose();
        b!.Dispose();
        var retry = await pipeline.SubmitAsync("r-0", "r-1");
        Assert.Equal(2, retry.Accepted);
        Assert.Equal(0, retry.Duplicates);
        await pipeline.WaitForIdleAsync();
        Assert.Equal(["r-0", "r-1"], pipeline.Monitors.AcknowledgedIds(PipelineHarness.UsMonitor).Order());
    }

    [Fact]
    public async Task A_streaming_source_waits_for_room_instead_of_being_refused()
    {
        await using var pipeline = await PipelineHarness.StartAsync(o => { o.DispatchQueueCapacity = 1; o.AdmissionWait = TimeSpan.FromMilliseconds(10); });
        var held = await pipeline.Dispatcher.TryAdmitAsync("other", TimeSpan.Zero);

        var pending = pipeline.Ingest.SubmitAsync(PipelineHarness.Body("k-0"), IngestSource.Kafka, scopeTenant: null);
        await Task.Delay(100); // well past the admission wait: an HTTP request would have been refused by now
        Assert.False(pending.IsCompleted);

        held!.Dispose();
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, result.Accepted);
    }

    [Fact]
    public async Task A_tenant_over_its_record_rate_is_refused_until_its_debt_is_repaid_and_others_are_not()
    {
        var clock = new ManualClock();
        var limiter = new TenantRateLimiter(100, clock);

        Assert.Null(limiter.TryTake("flood", 150)); // a full bucket admits one large request, leaving 50 in debt
        var wait = limiter.TryTake("flood", 1);
        Assert.NotNull(wait);
        Assert.InRange(wait!.Value.TotalSeconds, 0.5, 0.52); // 51 records at 100/s
        Assert.Null(limiter.TryTake("quiet", 10));

        clock.Advance(TimeSpan.FromSeconds(0.6));
        Assert.Null(limiter.TryTake("flood", 1));
        Assert.Null(new TenantRateLimiter(0, clock).TryTake("flood", 1_000_000)); // 0 turns the limit off
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
