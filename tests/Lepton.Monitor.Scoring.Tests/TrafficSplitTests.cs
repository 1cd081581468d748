namespace Lepton.Monitor.Scoring.Tests;

public sealed class TrafficSplitTests
{
    private static readonly string[] Ids = Enumerable.Range(0, 200_000).Select(i => $"tx-{i}").ToArray();

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void The_canary_gets_its_share_of_records(double share)
    {
        var canary = Ids.Count(id => TrafficSplit.Route(id, share) == TrafficRoute.Canary);
        // Binomial standard deviation at 200,000 records is at most 0.0011; allow about 4.5 of them.
        Assert.InRange((double)canary / Ids.Length, share - 0.005, share + 0.005);
    }

    [Fact]
    public void A_record_always_goes_the_same_way_and_raising_the_share_only_moves_records_to_the_canary()
    {
        foreach (var id in Ids.Take(5_000))
        {
            Assert.Equal(TrafficSplit.Route(id, 0.3), TrafficSplit.Route(id, 0.3));
            if (TrafficSplit.Route(id, 0.1) == TrafficRoute.Canary)
                Assert.Equal(TrafficRoute.Canary, TrafficSplit.Route(id, 0.3));
        }
    }

    [Fact]
    public void Extremes_route_everything_one_way_and_bad_shares_are_refused()
    {
        Assert.All(Ids.Take(1_000), id => Assert.Equal(TrafficRoute.Production, TrafficSplit.Route(id, 0)));
        Assert.All(Ids.Take(1_000), id => Assert.Equal(TrafficRoute.Canary, TrafficSplit.Route(id, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficSplit.Route("tx", 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficSplit.Route("tx", double.NaN));
    }

    [Fact]
    public void Buckets_are_stable_across_processes_and_salts_pick_different_records()
    {
        // Pinned values: a change here would silently re-route every record of a running canary.
        Assert.Equal(0.9045251258325756, TrafficSplit.Bucket("tx-1"));
        Assert.Equal(0.7845584819692519, TrafficSplit.Bucket("acct-42"));
        var a = Ids.Take(10_000).Where(id => TrafficSplit.Route(id, 0.1, "exp-a") == TrafficRoute.Canary).ToHashSet();
        var b = Ids.Take(10_000).Where(id => TrafficSplit.Route(id, 0.1, "exp-b") == TrafficRoute.Canary).ToHashSet();
        a.IntersectWith(b);
        Assert.InRange(a.Count, 50, 150); // independent: about 1 % overlap
    }
}
