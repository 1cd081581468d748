using Lepton.Monitor.Reporting.Backtest;

namespace Lepton.Monitor.Reporting.Tests.Backtest;

public class PrecisionRecallCurveTests
{
    private static LabelledScore[] Scores(params (double Score, bool Positive)[] s) => s.Select(x => new LabelledScore(x.Score, x.Positive)).ToArray();

    [Fact]
    public void Points_and_average_precision_of_scikit_learns_documented_example()
    {
        // sklearn: y_true [0,0,1,1], scores [0.1,0.4,0.35,0.8] -> average_precision_score 0.8333…
        var curve = PrecisionRecallCurve.From(Scores((0.1, false), (0.4, false), (0.35, true), (0.8, true)));

        Assert.Equal([0.8, 0.4, 0.35, 0.1], curve.Points.Select(p => p.Threshold));
        Assert.Equal([1.0, 0.5, 2.0 / 3, 0.5], curve.Points.Select(p => p.Precision));
        Assert.Equal([0.5, 0.5, 1.0, 1.0], curve.Points.Select(p => p.Recall));
        Assert.Equal(0.5 * 1 + 0 + 0.5 * (2.0 / 3), curve.AveragePrecision, 12);
        Assert.Equal(2, curve.Positives);
        Assert.Equal(2, curve.Negatives);
    }

    [Fact]
    public void Tied_scores_are_one_point()
    {
        // Three records at 0.9 (two positive), one negative at 0.2, one positive at 0.1: 3 points, not 5.
        var curve = PrecisionRecallCurve.From(Scores((0.9, true), (0.9, false), (0.9, true), (0.2, false), (0.1, true)));

        Assert.Equal(3, curve.Points.Count);
        Assert.Equal(new PrecisionRecallPoint(0.9, 2, 1, 2.0 / 3, 2.0 / 3), curve.Points[0]);
        Assert.Equal(new PrecisionRecallPoint(0.2, 2, 2, 0.5, 2.0 / 3), curve.Points[1]);
        Assert.Equal(new PrecisionRecallPoint(0.1, 3, 2, 0.6, 1.0), curve.Points[2]);
        Assert.Equal(2.0 / 3 * 2.0 / 3 + 0 + 1.0 / 3 * 0.6, curve.AveragePrecision, 12);
    }

    [Fact]
    public void A_perfect_score_has_average_precision_one()
    {
        var curve = PrecisionRecallCurve.From(Scores((0.9, true), (0.8, true), (0.3, false), (0.1, false)));
        Assert.Equal(1.0, curve.AveragePrecision, 12);
    }

    [Fact]
    public void The_operating_point_counts_scores_at_or_above_the_threshold()
    {
        var curve = PrecisionRecallCurve.From(Scores((0.1, false), (0.4, false), (0.35, true), (0.8, true)));

        Assert.Equal(new PrecisionRecallPoint(0.35, 2, 1, 2.0 / 3, 1.0), curve.At(0.35));
        Assert.Equal(new PrecisionRecallPoint(0.5, 1, 0, 1.0, 0.5), curve.At(0.5));
        var none = curve.At(0.95);
        Assert.Equal(0, none.TruePositives + none.FalsePositives);
        Assert.True(double.IsNaN(none.Precision));
        Assert.Equal(0, none.Recall);
    }

    [Fact]
    public void Without_a_positive_the_curve_is_refused_with_the_reason()
    {
        var e = Assert.Throws<ReportInputException>(() => PrecisionRecallCurve.From(Scores((0.3, false), (0.7, false))));
        Assert.Contains("no record is labelled positive", e.Message);
    }

    [Fact]
    public void A_non_finite_score_is_refused_with_its_index()
    {
        var e = Assert.Throws<ReportInputException>(() => PrecisionRecallCurve.From(Scores((0.3, true), (double.NaN, false))));
        Assert.Contains("model score 1", e.Message);
    }
}
