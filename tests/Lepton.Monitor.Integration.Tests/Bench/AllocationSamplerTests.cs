using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.Integration.Tests.Bench;

/// <summary>The bench's allocation-type sampler: the runtime's allocation ticks summed per type.</summary>
public sealed class AllocationSamplerTests
{
    [Fact]
    public void A_type_allocated_in_bulk_while_sampling_leads_the_list()
    {
        using var sampler = new AllocationSampler();
        sampler.Start();
        // The runtime's events reach an EventListener on a dispatch thread, late under load: keep allocating until
        // the ticks for this type have arrived (bounded), so that stopping does not drop them in flight.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long allocated = 0;
        do
        {
            var kept = new List<SampledPayload>(100_000);
            for (var i = 0; i < 100_000; i++)
                kept.Add(new SampledPayload(i));
            GC.KeepAlive(kept);
            allocated += kept.Count;
        }
        while ((allocated < 200_000 || Sampled(sampler) < 2_000_000) && DateTime.UtcNow < deadline);
        sampler.Stop();

        // Ticks come every ~100 KB: 200,000 objects of ≥ 32 B are dozens of them. Among the top three, not first: the
        // sampler is process-wide and other tests run alongside.
        var top = sampler.BytesByType.OrderByDescending(p => p.Value).Take(3).Select(p => p.Key);
        Assert.Contains(top, t => t.Contains(nameof(SampledPayload), StringComparison.Ordinal));
        Assert.Contains(nameof(SampledPayload), sampler.Format(records: 1_000, top: 3));
    }

    private static long Sampled(AllocationSampler sampler) =>
        sampler.BytesByType.Where(p => p.Key.Contains(nameof(SampledPayload), StringComparison.Ordinal)).Sum(p => p.Value);

    [Fact]
    public void Nothing_is_counted_outside_start_and_stop_and_start_clears()
    {
        using var sampler = new AllocationSampler();
        var kept = new List<SampledPayload>();
        for (var i = 0; i < 100_000; i++)
            kept.Add(new SampledPayload(i));
        Assert.Empty(sampler.BytesByType);

        sampler.Add("X", 10);
        sampler.Add("X", 5);
        Assert.Equal(15, sampler.BytesByType["X"]);
        sampler.Start();
        sampler.Stop();
        Assert.False(sampler.BytesByType.ContainsKey("X"));
        GC.KeepAlive(kept);
    }

    private sealed record SampledPayload(long A, long B = 0, long C = 0);
}
