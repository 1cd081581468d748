namespace Lepton.Monitor.Reporting.Tests;

public class BinningTests
{
    [Fact]
    public void Equal_width_edges_end_exactly_at_the_maximum()
    {
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], Binning.EqualWidthEdges(0, 1, 4));
        var edges = Binning.EqualWidthEdges(0.1, 0.7, 3);
        Assert.Equal(0.7, edges[^1]);
        Assert.Equal(4, edges.Length);
    }

    [Fact]
    public void A_single_value_gets_one_bin_around_it()
    {
        Assert.Equal([4.5, 5.5], Binning.EqualWidthEdges(5, 5, 10));
    }

    [Fact]
    public void Values_on_an_edge_go_to_the_bin_above_and_the_maximum_to_the_last_bin()
    {
        // [0,1) [1,2) [2,3]
        double[] edges = [0, 1, 2, 3];
        Assert.Equal([2, 2, 3], Binning.Count([0, 0.5, 1, 1.99, 2, 2.5, 3], edges));
    }

    [Fact]
    public void A_value_outside_the_bins_is_refused_with_the_range()
    {
        var e = Assert.Throws<ReportInputException>(() => Binning.Count([3.5], [0, 1, 2, 3]));
        Assert.Contains("outside the bins [0, 3]", e.Message);
        Assert.Throws<ReportInputException>(() => Binning.Count([double.NaN], [0, 1]));
    }

    [Theory]
    [InlineData(new double[] { 0 }, "at least two")]
    [InlineData(new double[] { 0, 1, 1 }, "must increase")]
    [InlineData(new double[] { 0, double.PositiveInfinity }, "not a finite")]
    public void Bad_edges_are_refused(double[] edges, string message)
    {
        var e = Assert.Throws<ReportInputException>(() => Binning.CheckEdges(edges, "test"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Bad_ranges_and_bin_counts_are_refused()
    {
        Assert.Throws<ReportInputException>(() => Binning.EqualWidthEdges(0, 1, 0));
        Assert.Throws<ReportInputException>(() => Binning.EqualWidthEdges(2, 1, 5));
        Assert.Throws<ReportInputException>(() => Binning.EqualWidthEdges(double.NaN, 1, 5));
    }
}
