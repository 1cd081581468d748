using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.Integration.Tests.Bench;

/// <summary>The runtime counters `lepton bench` prints beside records/s: differences per record and the issue-18 targets.</summary>
public sealed class RuntimeCostTests
{
    [Fact]
    public void The_cost_is_the_difference_of_two_readings_per_record()
    {
        var before = new RuntimeReading(1_000, 10, 3, 1, TimeSpan.FromMilliseconds(50), 500, 4, TimeSpan.FromSeconds(1), 0);
        var after = new RuntimeReading(1_000 + 250 * 10_000, 25, 5, 1, TimeSpan.FromMilliseconds(150), 2_500, 6,
            TimeSpan.FromSeconds(1.08), System.Diagnostics.Stopwatch.Frequency);

        var cost = RuntimeCost.Between(before, after, 10_000, threadPoolThreadsMax: 9);

        Assert.Equal(250, cost.BytesPerRecord);
        Assert.Equal((15, 2, 0), (cost.Gen0Collections, cost.Gen1Collections, cost.Gen2Collections));
        Assert.Equal(TimeSpan.FromMilliseconds(100), cost.GcPause);
        Assert.Equal(0.1, cost.GcPauseShare, 6);
        Assert.Equal(8, cost.CpuMicrosPerRecord, 6);
        Assert.Equal(0.2, cost.WorkItemsPerRecord, 6);
        Assert.Equal((4, 9), (cost.ThreadPoolThreadsBefore, cost.ThreadPoolThreadsMax));
        Assert.True(cost.MeetsAllocationTarget);
        Assert.False((cost with { Gen2Collections = 1 }).MeetsAllocationTarget);
        Assert.False((cost with { AllocatedBytes = 301 * 10_000L }).MeetsAllocationTarget);
        Assert.Contains("0 gen2, met", cost.Format());
        Assert.Contains("MISSED", (cost with { Gen2Collections = 1 }).Format());
    }

    [Fact]
    public void The_JIT_time_inside_the_span_is_the_difference_and_shown_as_a_share_of_the_CPU()
    {
        var before = new RuntimeReading(0, 0, 0, 0, TimeSpan.Zero, 0, 4, TimeSpan.FromSeconds(1), 0) { JitTime = TimeSpan.FromMilliseconds(900) };
        var after = new RuntimeReading(0, 0, 0, 0, TimeSpan.Zero, 0, 4, TimeSpan.FromSeconds(3), System.Diagnostics.Stopwatch.Frequency)
        {
            JitTime = TimeSpan.FromMilliseconds(1_400),
        };

        var cost = RuntimeCost.Between(before, after, 1_000, threadPoolThreadsMax: 4);

        Assert.Equal(TimeSpan.FromMilliseconds(500), cost.JitTime);
        Assert.Contains("JIT compilation in the span", cost.Format());
        Assert.Contains("25.0% of the process CPU", cost.Format().Replace(" %", "%"));
    }

    [Fact]
    public void The_meter_sees_what_the_process_allocates_between_start_and_stop()
    {
        using var meter = RuntimeMeter.Start();
        var kept = new List<byte[]>();
        for (var i = 0; i < 100; i++)
            kept.Add(new byte[100_000]);
        var cost = meter.Stop(records: 100);

        GC.KeepAlive(kept);
        Assert.True(cost.AllocatedBytes >= 100 * 100_000, $"{cost.AllocatedBytes} B seen");
        Assert.True(cost.BytesPerRecord >= 100_000);
        Assert.True(cost.ThreadPoolThreadsMax >= cost.ThreadPoolThreadsBefore);
    }
}
