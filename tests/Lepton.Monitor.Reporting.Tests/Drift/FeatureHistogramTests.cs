using Lepton.Monitor.Reporting.Drift;

namespace Lepton.Monitor.Reporting.Tests.Drift;

public class FeatureHistogramTests
{
    [Fact]
    public void Raw_values_are_binned_over_the_range_of_both_samples()
    {
        // Range 0..8 over 4 bins: [0,2) [2,4) [4,6) [6,8]; NaN is missing and skipped.
        var h = FeatureHistogram.FromValues([0, 1, 2, 3, double.NaN], [5, 6, 8, 8], bins: 4);

        Assert.True(h.IsNumeric);
        Assert.Equal([0, 2, 4, 6, 8], h.Edges!);
        Assert.Equal([2, 2, 0, 0], h.Reference);
        Assert.Equal([0, 0, 1, 3], h.Current);
        Assert.Equal(["0–2", "2–4", "4–6", "6–8"], h.BinLabels);
        Assert.False(h.FoldedTails); // 8 values: the 0.5 % tails are the minimum and maximum themselves
    }

    [Fact]
    public void With_a_tail_share_the_bins_span_the_quantiles_and_outliers_count_in_the_end_bins()
    {
        // Pooled and sorted: 0..10, 1000 (12 values). Tail 0.1: low = sorted[floor(1.1)] = 1, high = sorted[ceil(9.9)] = 10.
        // Bins [1,4) [4,7) [7,10]; 0 counts in the first, 1000 in the last.
        var h = FeatureHistogram.FromValues([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 1000], bins: 3, tailShare: 0.1);

        Assert.Equal([1, 4, 7, 10], h.Edges!);
        Assert.Equal([4, 3, 3], h.Reference);
        Assert.Equal([0, 0, 2], h.Current);
        Assert.Equal(["< 4", "4–7", "≥ 7"], h.BinLabels);
        Assert.True(h.FoldedTails);
    }

    [Fact]
    public void Without_a_tail_share_the_bins_span_minimum_to_maximum()
    {
        var h = FeatureHistogram.FromValues([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 1000], bins: 2, tailShare: 0);

        Assert.Equal([0, 500, 1000], h.Edges!);
        Assert.Equal([10, 0], h.Reference);
        Assert.Equal([1, 1], h.Current);
        Assert.False(h.FoldedTails);
        Assert.Throws<ReportInputException>(() => FeatureHistogram.FromValues([1], [2], tailShare: 0.5));
    }

    [Fact]
    public void Categories_beyond_the_limit_are_summed_into_other()
    {
        string[] reference = ["a", "a", "a", "b", "b", "c", "d"];
        string[] current = ["a", "b", "b", "b", "e"];

        var h = FeatureHistogram.FromCategories(reference, current, maxCategories: 3);

        // Totals: a 4, b 5, c 1, d 1, e 1 -> b, a kept; c, d, e summed.
        Assert.False(h.IsNumeric);
        Assert.Equal(["b", "a", "(other)"], h.BinLabels);
        Assert.Equal([2, 3, 2], h.Reference);
        Assert.Equal([3, 1, 1], h.Current);
    }

    [Fact]
    public void Few_categories_are_kept_as_they_are()
    {
        var h = FeatureHistogram.FromCategories(["x", "y"], ["y"], maxCategories: 5);
        Assert.Equal(["y", "x"], h.BinLabels);
        Assert.Equal([1, 1], h.Reference);
        Assert.Equal([1, 0], h.Current);
    }

    [Fact]
    public void Inconsistent_pre_binned_counts_are_refused()
    {
        Assert.Contains("3 bins but 2 reference",
            Assert.Throws<ReportInputException>(() => FeatureHistogram.Numeric([0, 1, 2, 3], [1, 2], [1, 2, 3])).Message);
        Assert.Contains("must not be negative",
            Assert.Throws<ReportInputException>(() => FeatureHistogram.Categorical(["a"], [-1], [1])).Message);
        Assert.Contains("distinct",
            Assert.Throws<ReportInputException>(() => FeatureHistogram.Categorical(["a", "a"], [1, 1], [1, 1])).Message);
        Assert.Contains("must increase",
            Assert.Throws<ReportInputException>(() => FeatureHistogram.Numeric([0, 2, 1], [1, 1], [1, 1])).Message);
    }

    [Fact]
    public void Nothing_to_bin_is_refused()
    {
        Assert.Throws<ReportInputException>(() => FeatureHistogram.FromValues([double.NaN], []));
        Assert.Throws<ReportInputException>(() => FeatureHistogram.FromValues([double.PositiveInfinity], [1]));
        Assert.Throws<ReportInputException>(() => FeatureHistogram.FromCategories([], []));
    }
}
