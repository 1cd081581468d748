using Lepton.Monitor.Reporting.Backtest;

namespace Lepton.Monitor.Reporting.Tests.Backtest;

public class KindScoreRowTests
{
    [Fact]
    public void Precision_recall_and_f1_from_the_counts()
    {
        var row = new KindScoreRow("structuring", Planted: 10, Alerted: 12, TruePositives: 8, FalsePositives: 4, FalseNegatives: 2);

        Assert.Equal(8.0 / 12, row.Precision!.Value, 12);
        Assert.Equal(0.8, row.Recall!.Value, 12);
        Assert.Equal(2 * (8.0 / 12) * 0.8 / (8.0 / 12 + 0.8), row.F1!.Value, 12);
    }

    [Fact]
    public void Undefined_ratios_are_null_not_zero()
    {
        var nothingAlerted = new KindScoreRow("velocity", 5, 0, 0, 0, 5);
        Assert.Null(nothingAlerted.Precision);
        Assert.Equal(0, nothingAlerted.Recall);
        Assert.Null(nothingAlerted.F1);

        var nothingPlanted = new KindScoreRow("sanctions", 0, 3, 0, 3, 0);
        Assert.Equal(0, nothingPlanted.Precision);
        Assert.Null(nothingPlanted.Recall);

        var noTruth = new KindScoreRow("model-score", 0, 40, 0, 0, 0, HasTruth: false);
        Assert.Null(noTruth.Precision);
        Assert.Null(noTruth.Recall);
    }

    [Fact]
    public void Both_zero_gives_f1_zero()
    {
        Assert.Equal(0, new KindScoreRow("x", 3, 2, 0, 2, 3).F1);
    }
}
