using Lepton.Monitor.Training;

namespace Lepton.Monitor.Scoring.Tests;

public sealed class TrainingDataTests
{
    [Fact]
    public void Generator_is_reproducible_by_seed()
    {
        var a = new SyntheticTransactionGenerator(5).Generate(200).ToArray();
        var b = new SyntheticTransactionGenerator(5).Generate(200).ToArray();
        var c = new SyntheticTransactionGenerator(6).Generate(200).ToArray();

        Assert.Equal(a.Select(x => (x.Record.Amount, x.Record.Currency, x.Record.Timestamp, x.IsRisky)),
                     b.Select(x => (x.Record.Amount, x.Record.Currency, x.Record.Timestamp, x.IsRisky)));
        Assert.NotEqual(a.Select(x => x.Record.Amount), c.Select(x => x.Record.Amount));
    }

    [Fact]
    public void Generator_has_three_to_five_percent_positives_that_follow_the_latent_risk()
    {
        var rows = new SyntheticTransactionGenerator(11).Generate(40_000).ToArray();
        var rate = rows.Count(r => r.IsRisky) / (double)rows.Length;
        Assert.InRange(rate, 0.03, 0.05);

        var auc = BinaryClassificationMetrics.RocAucOf(rows.Select(r => (float)r.RiskProbability).ToArray(), rows.Select(r => r.IsRisky).ToArray());
        Assert.InRange(auc, 0.85, 1.0);
    }

    [Fact]
    public void Roc_auc_handles_perfect_reversed_and_tied_scores()
    {
        bool[] labels = [false, false, true, true];
        Assert.Equal(1.0, BinaryClassificationMetrics.RocAucOf([0.1f, 0.2f, 0.8f, 0.9f], labels));
        Assert.Equal(0.0, BinaryClassificationMetrics.RocAucOf([0.9f, 0.8f, 0.2f, 0.1f], labels));
        Assert.Equal(0.5, BinaryClassificationMetrics.RocAucOf([0.5f, 0.5f, 0.5f, 0.5f], labels));
        Assert.Equal(0.75, BinaryClassificationMetrics.RocAucOf([0.1f, 0.6f, 0.5f, 0.9f], labels));
    }

    [Fact]
    public void Threshold_metrics_count_scores_at_the_threshold_as_positive()
    {
        var m = BinaryClassificationMetrics.Compute([0.9f, 0.5f, 0.5f, 0.1f, 0.7f], [true, true, false, true, false], threshold: 0.5);

        Assert.Equal(2, m.TruePositives);
        Assert.Equal(2, m.FalsePositives);
        Assert.Equal(1, m.FalseNegatives);
        Assert.Equal(0, m.TrueNegatives);
        Assert.Equal(0.5, m.Precision, 10);
        Assert.Equal(2.0 / 3, m.Recall, 10);
        Assert.Equal(4.0 / 7, m.F1, 10);
    }
}
