using Lepton.Monitor.Drift.Statistics;
using Lepton.Monitor.Drift.Summaries;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Summaries;

public class FixedBinHistogramTests
{
    [Fact]
    public void Memory_is_constant_whatever_the_window_length()
    {
        var histogram = new FixedBinHistogram(new HistogramLayout(Samples.NormalCard(), subBins: 4));
        var before = histogram.MemoryBytes;
        var rng = new Random(1);
        for (var i = 0; i < 1_000_000; i++) histogram.Add(Samples.Gaussian(rng) * 3);
        Assert.Equal(before, histogram.MemoryBytes);
        Assert.Equal(1_000_000, histogram.Count);
        // 15 knots → 14 intervals × 4 sub-bins + 1 = 57 edges → 115 slots: 460 B of counters + 64 B of scalars.
        Assert.Equal(57, histogram.Layout.Edges.Length);
        Assert.Equal(115 * 4 + 64, before);
    }

    [Fact]
    public void Missing_values_are_counted_apart()
    {
        var histogram = new FixedBinHistogram(new HistogramLayout(Samples.NormalCard()));
        histogram.Add(double.NaN);
        histogram.Add(double.PositiveInfinity);
        histogram.Add(0.5);
        Assert.Equal(1, histogram.Count);
        Assert.Equal(2, histogram.Missing);
    }

    [Fact]
    public void Summary_metrics_bracket_the_exact_two_sample_metrics()
    {
        // Reference known as a sample: the exact KS, PSI and Wasserstein against it are computable, and the summary's
        // values must sit inside the error bounds it states.
        var reference = Samples.Normal(10, 20_000);
        var current = Samples.Normal(11, 5_000, mean: 0.15, std: 1.1);
        var layout = new HistogramLayout(ReferenceDistribution.FromSample(reference, knotCount: 100), subBins: 4);
        var histogram = new FixedBinHistogram(layout);
        foreach (var x in current) histogram.Add(x);
        var m = SummaryComparison.Compare(histogram);

        var exactKs = KolmogorovSmirnovTest.TwoSample(reference, current).Statistic;
        Assert.InRange(exactKs, m.KsStatistic - 1e-12, m.KsStatistic + m.KsMaxError + 1e-12);
        Assert.True(m.KsMaxError <= 0.01 + 1e-12, $"KS bound {m.KsMaxError}");
        Assert.Equal(PopulationStabilityIndex.FromSamples(reference, current), m.Psi, 10);

        var exactW = WassersteinDistance.TwoSample(reference, current);
        // The reference side is modelled linearly between its 1 %-knots, so allow its own in-bin error on top.
        Assert.InRange(exactW, m.Wasserstein - m.WassersteinMaxError * WassersteinDistance.PopulationStd(reference) - 0.01,
            m.Wasserstein + m.WassersteinMaxError * WassersteinDistance.PopulationStd(reference) + 0.01);
        Assert.Equal(exactW, m.Wasserstein, 2);
    }

    [Fact]
    public void Zero_one_feature_is_exact_and_compared_with_jensen_shannon()
    {
        var layout = new HistogramLayout(Samples.FlagCard(0.2));
        var histogram = new FixedBinHistogram(layout);
        for (var i = 0; i < 1000; i++) histogram.Add(i % 10 < 3 ? 1 : 0); // rate 0.3 against 0.2
        var m = SummaryComparison.Compare(histogram);
        Assert.Equal(0.1, m.KsStatistic, 12);
        Assert.Equal(0, m.KsMaxError, 12);
        Assert.Equal(0.1, m.Wasserstein, 12);          // |0.3 − 0.2| moved by a distance of 1
        Assert.Equal(0, m.WassersteinMaxError, 12);
        Assert.Equal(JensenShannonDistance.Between([0.8, 0.2], [0.7, 0.3]), m.JensenShannon, 12);
        Assert.Equal(PopulationStabilityIndex.FromShares([0.8, 0.2, 0], [0.7, 0.3, 0]), m.Psi, 12);
    }

    [Fact]
    public void A_window_of_the_reference_itself_is_not_drifted()
    {
        var histogram = new FixedBinHistogram(new HistogramLayout(Samples.NormalCard()));
        foreach (var x in Samples.Normal(21, 10_000)) histogram.Add(x);
        var m = SummaryComparison.Compare(histogram);
        Assert.True(m.Psi < 0.01, $"psi {m.Psi}");
        Assert.True(m.KsPValue > 0.01, $"p {m.KsPValue}");
        // Not zero: the card reference spreads its outer 1 % uniformly out to ±5σ (a modelling bias of ~0.03, well under 0.1).
        Assert.True(m.WassersteinNormed < 0.05, $"w {m.WassersteinNormed}");
    }

    [Fact]
    public void Guide_table_lookup_agrees_with_a_plain_search()
    {
        // A skewed reference (the card's score quantiles crowd into the bottom 3 % of [0, 1]) and values on, between
        // and around every edge.
        var score = ReferenceDistribution.FromQuantiles(Samples.CardLevels,
            [0.00198, 0.002458, 0.002859, 0.00373, 0.00555, 0.00709, 0.008874, 0.011728, 0.016875, 0.031632, 0.08223, 0.179668, 0.628924], 0.04, 0.1, 0, 1);
        var layout = new HistogramLayout(score, subBins: 4);
        var histogram = new FixedBinHistogram(layout);
        var values = new List<double> { -1, 2, 0, 1 };
        var rng = new Random(8);
        foreach (var e in layout.Edges)
        {
            values.Add(e);
            values.Add(Math.BitDecrement(e));
            values.Add(Math.BitIncrement(e));
        }
        for (var i = 0; i < 10_000; i++) values.Add(Math.Pow(rng.NextDouble(), 4));
        var expected = new int[layout.SlotCount];
        foreach (var x in values)
        {
            histogram.Add(x);
            var below = layout.Edges.Count(e => e < x);
            expected[below < layout.Edges.Length && layout.Edges[below] == x ? 2 * below + 1 : 2 * below]++;
        }
        Assert.Equal(expected, histogram.Slots.ToArray());
    }
}
