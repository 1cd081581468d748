using Lepton.Monitor.Drift.Summaries;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Summaries;

public class ReferenceDistributionTests
{
    [Fact]
    public void Quantiles_give_a_piecewise_linear_cdf_with_min_and_max_ends()
    {
        var r = ReferenceDistribution.FromQuantiles([0.25, 0.5, 0.75], [1, 2, 4], mean: 2.2, std: 1, min: 0, max: 8);
        Assert.False(r.IsDiscrete);
        Assert.Equal(0, r.Cdf(-1));
        Assert.Equal(0, r.Cdf(0));
        Assert.Equal(0.125, r.Cdf(0.5), 12);
        Assert.Equal(0.5, r.Cdf(2), 12);
        Assert.Equal(0.625, r.Cdf(3), 12);
        Assert.Equal(0.875, r.Cdf(6), 12);
        Assert.Equal(1, r.Cdf(8));
        Assert.Equal(3, r.Quantile(0.625), 12);
        Assert.Equal(new[] { 0.4, 0.8, 1.2, 1.6, 2.0, 2.8, 3.6, 4.8, 6.4 }, r.DecileEdges().Select(x => Math.Round(x, 12)));
    }

    [Fact]
    public void Ties_in_quantiles_are_point_masses()
    {
        // The value 2 holds levels 0.25..0.75: P(X < 2) = 0.25, P(X ≤ 2) = 0.75.
        var r = ReferenceDistribution.FromQuantiles([0.25, 0.5, 0.75], [2, 2, 2], 2, 1, min: 0, max: 4);
        Assert.Equal(0.25, r.CdfBefore(2), 12);
        Assert.Equal(0.75, r.Cdf(2), 12);
        Assert.Equal(2, r.Quantile(0.5));
    }

    [Fact]
    public void A_zero_one_feature_from_a_model_card_is_two_point_with_the_card_mean()
    {
        // channelCash in onnx/lepton-risk-1.0.0.card.json: mean 0.1203, deciles 0 up to 0.8, 1 from 0.9.
        double[] q = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
        var r = ReferenceDistribution.FromQuantiles(Samples.CardLevels, q, 0.1203, 0.325312, 0, 1, 240_000);
        Assert.True(r.IsDiscrete);
        Assert.Equal(0.8797, r.Cdf(0), 12);
        Assert.Equal(0.8797, r.Cdf(0.5), 12);
        Assert.Equal(1, r.Cdf(1));
        Assert.Equal(0.1203, r.Mean, 12);
    }

    [Fact]
    public void Missing_ends_are_extrapolated()
    {
        // The score baseline has no min/max: extend the outer segments to levels 0 and 1.
        var r = ReferenceDistribution.FromQuantiles([0.1, 0.5, 0.9], [1, 2, 3], 2, 1);
        Assert.Equal(0.75, r.Min, 12);
        Assert.Equal(3.25, r.Max, 12);
    }

    [Fact]
    public void From_a_sample_the_knots_hold_the_exact_empirical_cdf()
    {
        var sample = Samples.Normal(1, 5000);
        var r = ReferenceDistribution.FromSample(sample, knotCount: 50);
        var sorted = sample.Order().ToArray();
        foreach (var knot in r.Knots.ToArray())
            Assert.Equal(sorted.Count(x => x <= knot) / 5000.0, r.Cdf(knot), 12);
        Assert.Equal(5000, r.SampleCount);
        var flags = ReferenceDistribution.FromSample([0, 1, 1, 0, 0, 0, 0, 0, 1, 0]);
        Assert.True(flags.IsDiscrete);
        Assert.Equal(0.7, flags.Cdf(0), 12);
    }

    [Fact]
    public void Bad_quantiles_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ReferenceDistribution.FromQuantiles([0.5, 0.25], [1, 2], 0, 1));
        Assert.Throws<ArgumentException>(() => ReferenceDistribution.FromQuantiles([0.25, 0.5], [2, 1], 0, 1));
        Assert.Throws<ArgumentException>(() => ReferenceDistribution.FromQuantiles([0, 0.5], [1, 2], 0, 1));
    }
}
