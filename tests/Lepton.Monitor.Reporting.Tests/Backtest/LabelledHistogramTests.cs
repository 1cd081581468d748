using Lepton.Monitor.Reporting.Backtest;

namespace Lepton.Monitor.Reporting.Tests.Backtest;

public class LabelledHistogramTests
{
    [Fact]
    public void Probabilities_are_binned_over_zero_to_one_by_label()
    {
        LabelledScore[] scores = [new(0.05, false), new(0.1, false), new(0.3, false), new(0.55, true), new(0.95, true), new(1.0, true), new(0.6, false)];

        var h = LabelledHistogram.From(scores, 4);

        Assert.Equal([0, 0.25, 0.5, 0.75, 1], h.Edges);
        Assert.Equal([2, 1, 1, 0], h.Negative);
        Assert.Equal([0, 0, 1, 2], h.Positive);
    }

    [Fact]
    public void Scores_outside_zero_to_one_use_their_own_range()
    {
        LabelledScore[] scores = [new(-2, false), new(0, true), new(2, true)];

        var h = LabelledHistogram.From(scores, 2);

        Assert.Equal([-2, 0, 2], h.Edges);
        Assert.Equal([1, 0], h.Negative);
        Assert.Equal([0, 2], h.Positive);
    }

    [Fact]
    public void No_scores_is_refused()
    {
        Assert.Throws<ReportInputException>(() => LabelledHistogram.From([], 10));
    }
}
