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
        Assert.Equal(0.5, KolmogorovSmirnovTest.TwoSample([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]).Statistic, 12);
    }

    /// <summary>
    /// Independent reference values: scipy's own regression test of the asymptotic two-sample test (Stephens' λ with
    /// kstwobign, the form this code implements), scipy/stats/tests/test_stats.py::test_ks_2samp in scipy ≤ 1.2, e.g.
    /// <c>stats.ks_2samp(np.linspace(1,100,100), np.linspace(1,100,110)+20.1) == (0.21090909090909091, 0.015880386730710221)</c>.
    /// Samples: 0 = [1.01, 2.01] vs [1, 2, 3]; 1 = [0.99, 1.99] vs [1, 2, 3]; 2/3 = linspace(1,100,100) vs itself + 2.1 / + 1.9;
    /// 4/5 = linspace(1,100,100) vs linspace(1,100,110) + 20.1 / + 19.9.
    /// </summary>
    [Theory]
    [InlineData(0, 0.33333333333333337, 0.99062316386915694)]
    [InlineData(1, 0.66666666666666674, 0.42490954988801982)]
    [InlineData(2, 0.030000000000000027, 0.99999999996005062)]
    [InlineData(3, 0.020000000000000018, 0.99999999999999933)]
    [InlineData(4, 0.21090909090909091, 0.015880386730710221)]
    [InlineData(5, 0.20818181818181825, 0.017981441789762638)]
    public void Two_sample_statistic_and_p_value_equal_scipys_reference_values(int sample, double statistic, double pValue)
    {
        var (a, b) = sample switch
        {
            0 => ((double[])[1.01, 2.01], (double[])[1, 2, 3]),
            1 => ([0.99, 1.99], [1, 2, 3]),
            2 => (Linspace(1, 100, 100), [.. Linspace(1, 100, 100).Select(x => x + 2 + 0.1)]),
            3 => (Linspace(1, 100, 100), [.. Linspace(1, 100, 100).Select(x => x + 2 - 0.1)]),
            4 => (Linspace(1, 100, 100), [.. Linspace(1, 100, 110).Select(x => x + 20.1)]),
            _ => (Linspace(1, 100, 100), [.. Linspace(1, 100, 110).Select(x => x + 20 - 0.1)]),
        };

        var r = KolmogorovSmirnovTest.TwoSample(a, b);

        Assert.Equal(statistic, r.Statistic, 12);
        Assert.Equal(pValue, r.PValue, 9); // scipy's test asserts 7 decimals
    }

    private static double[] Linspace(double start, double stop, int n)
    {
        var step = (stop - start) / (n - 1);
        var values = Enumerable.Range(0, n).Select(i => start + i * step).ToArray();
        values[^1] = stop; // as numpy.linspace
        return values;
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

    /// <summary>
    /// Independent reference: scipy's documented example <c>stats.kstest(np.linspace(-15, 15, 9), 'norm')</c> =
    /// (0.44435602715924361, 0.038850142705171065) (scipy.stats.kstest docstring, scipy 0.x–1.x; n = 9, the exact
    /// one-sample law). Stephens' λ with nₑ = n is within 1e-3 of it; the plain √n·D form (0.057) or nₑ taken as a
    /// two-sample size (0.25) are not.
    /// </summary>
    [Fact]
    public void One_sample_p_value_matches_scipys_kstest_example()
    {
        var p = KolmogorovSmirnovTest.PValue(0.44435602715924361, 9, double.PositiveInfinity);

        Assert.InRange(p, 0.038850142705171065 - 1e-3, 0.038850142705171065 + 1e-3);
    }
}
