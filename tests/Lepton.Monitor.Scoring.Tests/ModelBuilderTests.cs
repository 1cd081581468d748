using Lepton.Monitor.Training;

namespace Lepton.Monitor.Scoring.Tests;

public sealed class ModelBuilderTests
{
    private static ModelBuildOptions Small(string dir) =>
        new() { OutputDirectory = dir, Rows = 20_000, Epochs = 4, CreatedBy = "test" };

    [Fact]
    public void Build_writes_model_card_and_markdown_that_load_and_agree()
    {
        using var dir = new TempDirectory();
        var report = ModelBuilder.Build(Small(dir.Path));

        Assert.Equal(dir.File("lepton-risk-1.0.0.onnx"), report.OnnxPath);
        Assert.Equal(dir.File("lepton-risk-1.0.0.card.json"), report.CardPath);
        Assert.True(File.Exists(report.OnnxPath));
        Assert.True(File.Exists(report.MarkdownPath));
        Assert.False(File.Exists(report.OnnxPath + ".tmp"));
        Assert.InRange(report.MaxExportDifference, 0, 1e-4);

        var card = ModelCard.Load(report.CardPath);
        Assert.Equal(report.Card.Metrics, card.Metrics);
        Assert.Equal(FeatureExtractor.FeatureNames, card.Features);
        Assert.Equal(4_000, card.Metrics.HeldOutRows);
        Assert.Equal(16_000, card.Training.TrainRows);
        Assert.Equal(FeatureExtractor.FeatureCount, card.Baseline.Features.Count);
        Assert.Equal(card.Baseline.QuantileLevels.Count, card.Baseline.Score.Quantiles.Count);
        Assert.InRange(card.Threshold, 0.05, 0.95);
        Assert.Equal("test", card.CreatedBy);

        using var runner = new RawOnnxRunner(report.OnnxPath);
        Assert.Equal(FeatureExtractor.FeatureCount, runner.FeatureCount);
        Assert.Equal("features", runner.InputName);
        Assert.Equal("score", runner.OutputName);

        var markdown = File.ReadAllText(report.MarkdownPath!);
        foreach (var name in FeatureExtractor.FeatureNames)
            Assert.Contains($"`{name}`", markdown);
        Assert.Contains(card.Metrics.RocAuc.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), markdown);
    }

    [Fact]
    public void Same_options_give_identical_bytes_and_another_seed_does_not()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        var first = ModelBuilder.Build(Small(a.Path));
        var second = ModelBuilder.Build(Small(b.Path));
        var other = ModelBuilder.Build(Small(c.Path) with { Seed = 43, CreatedBy = null });

        Assert.Equal(File.ReadAllBytes(first.OnnxPath), File.ReadAllBytes(second.OnnxPath));
        Assert.Equal(File.ReadAllText(first.CardPath), File.ReadAllText(second.CardPath));
        Assert.NotEqual(File.ReadAllBytes(first.OnnxPath), File.ReadAllBytes(other.OnnxPath));
        // Without an explicit CreatedBy the card names the command line that reproduces it.
        Assert.Equal($"lepton train --out {c.Path} --seed 43 --rows 20000 --hidden 16 --epochs 4", other.Card.CreatedBy);
    }

    [Fact]
    public void Invalid_options_are_rejected_before_any_work()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelBuilder.Build(Small(dir.Path) with { HeldOutFraction = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelBuilder.Build(Small(dir.Path) with { Rows = 10 }));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Shipped_card_has_metrics_and_a_useful_model()
    {
        var card = ModelCard.Load(ModelCard.PathFor(TestRecords.ShippedModelPath));

        Assert.Equal("lepton-risk", card.Name);
        Assert.Equal("1.0.0", card.Version);
        Assert.Equal("mlp", card.Family);
        Assert.Equal(FeatureExtractor.FeatureNames, card.Features);
        Assert.True(card.Metrics.RocAuc > 0.85, $"held-out ROC-AUC {card.Metrics.RocAuc}");
        Assert.True(card.Metrics.HeldOutRows >= 10_000);
        Assert.InRange(card.Metrics.Precision, 0.01, 1);
        Assert.InRange(card.Metrics.Recall, 0.01, 1);
        Assert.InRange(card.Metrics.F1, 0.01, 1);
        Assert.InRange((double)card.Training.Positives / card.Training.Rows, 0.03, 0.05);
        Assert.Equal(42, card.Training.Seed);
        Assert.False(string.IsNullOrWhiteSpace(card.CreatedBy));
    }
}
