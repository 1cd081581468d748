using Lepton.Monitor.Contracts;
using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Statistics;
using Lepton.Monitor.Grains.Monitoring;

namespace Lepton.Monitor.Integration.Tests.Sharding;

/// <summary>The merge of shard views: counts add, rates and PSI are recomputed from the merged counts and histogram.</summary>
public sealed class ShardedViewMergeTests
{
    private static readonly double[] Edges = [1, 2, 3];
    private static readonly double[] Reference = [0.25, 0.25, 0.25, 0.25];

    private static DriftColumnView Column(string name, long records, double[] current, double psi, double ks, bool drifted = false) =>
        new(name, records, psi, ks, 0.5, 0.01, 1, 0.1, null, 2, 2, drifted, drifted ? "Psi" : "None", Edges, Reference, current);

    private static DriftView Shard(long records, double[] current, FairnessAttributeView[] fairness, bool drifted = false)
    {
        var score = Column("score", records, current, PopulationStabilityIndex.FromShares(Reference, current), 0.1, drifted);
        var check = new DriftCheckView(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(records), records, drifted ? 1 : 0,
            drifted, drifted, drifted ? "drifted" : "clean", drifted, score, [Column("amount", records, current, 0, 0.2, drifted)], false, false);
        return new DriftView("acme", "US", "m", ["amount"], records, check, [], fairness, DateTimeOffset.UnixEpoch, 100);
    }

    private static FairnessAttributeView Attribute(long records, long alertedYoung, long alertedOld) => new("ageBand",
        [new("young", records, alertedYoung, alertedYoung / (double)records, false), new("old", records, alertedOld, alertedOld / (double)records, false)],
        null, null, 1, 0, false);

    [Fact]
    public void Counts_add_and_psi_comes_from_the_merged_histogram()
    {
        double[] a = [0.4, 0.3, 0.2, 0.1], b = [0.1, 0.2, 0.3, 0.4];
        var merged = ShardedDriftView.Merge([Shard(300, a, []), Shard(100, b, [], drifted: true)], new FairnessMonitorOptions());

        Assert.Equal(400, merged.WindowRecords);
        Assert.Equal(200, merged.SummaryMemoryBytes);
        var current = merged.Current!;
        Assert.Equal(400, current.WindowRecords);
        Assert.True(current.Drifted);
        Assert.Equal("drifted", current.Verdict);
        double[] weighted = [0.325, 0.275, 0.225, 0.175];
        for (var k = 0; k < 4; k++)
            Assert.Equal(weighted[k], current.Score.CurrentShares![k], 12);
        Assert.Equal(PopulationStabilityIndex.FromShares(Reference, weighted), current.Score.Psi, 12);
        // Below either shard's PSI: mixing two opposite shifts cancels out, which a max or mean of PSIs would hide.
        Assert.True(current.Score.Psi < Math.Min(PopulationStabilityIndex.FromShares(Reference, a), PopulationStabilityIndex.FromShares(Reference, b)));
        Assert.Equal(400, current.Features.Single().Records);
        Assert.Equal(1.0, current.DriftedShare);
    }

    [Fact]
    public void Fairness_is_recomputed_from_summed_counts()
    {
        // 600 records per group in each shard: under the 1,000 a comparison needs. Together 1,200: eligible, and 10 % vs 2 %
        // breaks the four-fifths rule with a large z.
        var merged = ShardedDriftView.Merge(
            [Shard(1_200, Reference, [Attribute(600, 12, 60)]), Shard(1_200, Reference, [Attribute(600, 12, 60)])],
            new FairnessMonitorOptions { MinimumRecordsPerGroup = 1_000 });

        var attribute = Assert.Single(merged.Fairness);
        Assert.All(attribute.Groups, g => Assert.True(g.Eligible));
        var young = attribute.Groups.Single(g => g.Group == "young");
        Assert.Equal((1_200, 24), (young.Records, young.Alerted));
        Assert.Equal(0.02, young.Rate, 12);
        Assert.Equal(("young", "old"), (attribute.LowestGroup, attribute.HighestGroup));
        Assert.Equal(0.2, attribute.RateRatio, 12);
        Assert.Equal(0.08, attribute.ParityDifference, 12);
        Assert.True(attribute.Finding);
    }

    [Fact]
    public void One_shard_is_returned_unchanged()
    {
        var only = Shard(10, Reference, []);
        Assert.Same(only, ShardedDriftView.Merge([only], new FairnessMonitorOptions()));
    }

    [Fact]
    public void Model_statistics_add_and_the_mean_score_is_weighted()
    {
        var merged = ShardedModelStats.Merge(
        [
            [new ModelServingStats("m", ModelStage.Production, 300, 0.1, 3, 0, 0), new ModelServingStats("s", ModelStage.Shadow, 300, 0.5, 1, 300, 290)],
            [new ModelServingStats("m", ModelStage.Production, 100, 0.5, 7, 0, 0)],
        ]);
        var production = merged.Single(s => s.ModelId == "m");
        Assert.Equal((400L, 10L), (production.Scored, production.Hits));
        Assert.Equal(0.2, production.MeanScore, 12);
        Assert.Equal(290, merged.Single(s => s.ModelId == "s").AgreedWithProduction);
    }
}
