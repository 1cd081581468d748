using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Tests.Statistics;

public class KolmogorovSmirnovTests
{
    // Critical values of the Kolmogorov distribution (e.g. Smirnov 1948 tables; scipy.stats.kstwobign.isf):
    // P(K > 1.22385) = 0.10, P(K > 1.35810) = 0.05, P(K > 1.62762) = 0.01; P(K ≤ 1) = 0.7300003, P(K ≤ 0.5) = 0.036055.
    [Theory]
    [InlineData(1.22385, 0.10)]
    [InlineData(1.35810, 0.05)]
    [InlineData(1.62762, 0.01)]
    [InlineData(1.0, 1 - 0.7300003)]
    [InlineData(0.5, 1 - 0.036055)]
    public void Kolmogorov_survival_matches_the_tables(double lambda, double expected) =>
        Assert.Equal(expected, KolmogorovDistribution.Survival(lambda), 4);

    [Fact]
    public void Both_series_agree_where_they_meet()
    {
        Assert.Equal(KolmogorovDistribution.Survival(1.18 - 1e-12), KolmogorovDistribution.Survival(1.18), 10);
        Assert.Equal(1.0, KolmogorovDistribution.Survival(0));
        Assert.True(KolmogorovDistribution.Survival(5) < 1e-20);
    }

    [Fact]
    public void Statistic_is_the_largest_ecdf_gap_by_hand()
    {
        // F_a − F_b at 5: 1 − 3/6 = 0.5, the largest gap.
        var r = KolmogorovSmirnovTest.TwoSample([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]);
        Assert.Equal(0.5, r.Statistic, 12);
        // p-value: Kolmogorov at Stephens' λ with nₑ = 5·6/11.
        var en = 30.0 / 11;
        var lambda = (Math.Sqrt(en) + 0.12 + 0.11 / Math.Sqrt(en)) * 0.5;
        Assert.Equal(KolmogorovDistribution.Survival(lambda), r.PValue, 12);
    }

    [Fact]
    public void Ties_are_stepped_over_together()
    {
        // F_a(1) = 2/3, F_b(1) = 1/3.
        Assert.Equal(1.0 / 3, KolmogorovSmirnovTest.TwoSample([1, 1, 2], [1, 2, 2]).Statistic, 12);
        Assert.Equal(0.0, KolmogorovSmirnovTest.TwoSample([1, 2, 3], [3, 2, 1]).Statistic);
    }

    [Fact]
    public void Identical_large_samples_are_not_rejected_and_shifted_ones_are()
    {
        var a = Support.Samples.Normal(1, 2000);
        var b = Support.Samples.Normal(2, 2000);
        var c = Support.Samples.Normal(3, 2000, mean: 0.3);
        Assert.True(KolmogorovSmirnovTest.TwoSample(a, b).PValue > 0.05);
        Assert.True(KolmogorovSmirnovTest.TwoSample(a, c).PValue < 1e-6);
    }

    [Fact]
    public void One_sample_reference_uses_n()
    {
        var sqrtN = Math.Sqrt(400);
        Assert.Equal(KolmogorovDistribution.Survival((sqrtN + 0.12 + 0.11 / sqrtN) * 0.05),
            KolmogorovSmirnovTest.PValue(0.05, 400, double.PositiveInfinity), 12);
    }
}
