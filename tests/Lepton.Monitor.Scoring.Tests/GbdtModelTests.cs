using Lepton.Monitor.Training;

namespace Lepton.Monitor.Scoring.Tests;

public sealed class GbdtModelTests
{
    private static ModelBuildOptions Small(string dir) =>
        ModelBuildOptions.ForFamily(ModelFamily.Gbdt, dir) with { Rows = 20_000, Trees = 20, CreatedBy = "test" };

    [Fact]
    public void Onnx_runtime_scores_equal_a_CSharp_evaluation_of_the_trees()
    {
        var data = TrainingSet.Generate(seed: 11, rows: 8_000);
        const int width = TrainingSet.Width;
        var ensemble = GbdtTrainer.Train(data.X.AsSpan(0, 6_000 * width), data.Y.AsSpan(0, 6_000), width, new GbdtTrainerSettings(Trees: 30, MaxDepth: 4));
        Assert.Equal(30, ensemble.Trees.Count);
        Assert.Contains(ensemble.Trees, t => t.NodeCount > 7); // really grew past depth 2

        using var dir = new TempDirectory();
        var path = dir.File("g.onnx");
        GbdtOnnxWriter.Write(ensemble, new OnnxModelDescription("g", "0.0.1", "features", "score", FeatureExtractor.FeatureNames, "test"), path);

        const int rows = 2_000;
        var x = data.X.AsSpan(6_000 * width, rows * width).ToArray();
        var scores = new float[rows];
        using var runner = new RawOnnxRunner(path, new ScoringOptions { Device = ScoringDevice.Cpu });
        runner.Run(x, rows, scores);

        var distinct = new HashSet<float>();
        for (var r = 0; r < rows; r++)
        {
            var expected = ensemble.Predict(x.AsSpan(r * width, width));
            Assert.InRange(Math.Abs(expected - scores[r]), 0, 1e-5);
            distinct.Add(scores[r]);
        }
        Assert.True(distinct.Count > 50, $"only {distinct.Count} distinct scores");
    }

    [Fact]
    public void Gbdt_build_writes_a_gbdt_card_and_is_reproducible()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = ModelBuilder.Build(Small(a.Path));
        var second = ModelBuilder.Build(Small(b.Path));

        Assert.Equal(a.File("lepton-risk-gbdt-1.0.0.onnx"), first.OnnxPath);
        Assert.Equal(a.File("MODEL_CARD.gbdt.md"), first.MarkdownPath);
        Assert.Equal(File.ReadAllBytes(first.OnnxPath), File.ReadAllBytes(second.OnnxPath));
        Assert.Equal(File.ReadAllText(first.CardPath), File.ReadAllText(second.CardPath));
        Assert.InRange(first.MaxExportDifference, 0, 1e-5);

        var card = ModelCard.Load(first.CardPath);
        Assert.Equal("gbdt", card.Family);
        Assert.Equal(20, card.Training.Trees);
        Assert.Equal(4, card.Training.MaxDepth);
        Assert.Equal(0, card.Training.HiddenSize);
        Assert.Equal(GbdtOnnxWriter.MlOpset, card.MlOpset);
        Assert.True(card.Metrics.RocAuc > 0.8, $"held-out ROC-AUC {card.Metrics.RocAuc}");
        Assert.DoesNotContain("hiddenSize", File.ReadAllText(first.CardPath));
    }

    [Fact]
    public void Shipped_gbdt_card_has_metrics_and_a_useful_model()
    {
        var card = ModelCard.Load(ModelCard.PathFor(TestRecords.ShippedGbdtModelPath));
        Assert.Equal("lepton-risk-gbdt", card.Name);
        Assert.Equal("gbdt", card.Family);
        Assert.Equal(FeatureExtractor.FeatureNames, card.Features);
        Assert.Equal("features", card.Input);
        Assert.Equal("score", card.Output);
        Assert.True(card.Metrics.RocAuc > 0.85, $"held-out ROC-AUC {card.Metrics.RocAuc}");
        Assert.Equal(100, card.Training.Trees);
    }

    [Fact]
    public void Bins_split_exactly_where_the_float_threshold_does()
    {
        float[] x = [0f, 1f, 1f, 2f, 3.5f, 3.5f, 7f];
        var bins = FeatureBins.Fit(x, width: 1, maxBins: 64);
        Assert.Equal([0f, 1f, 2f, 3.5f], bins.Thresholds[0]);
        foreach (var v in new[] { -1f, 0f, 0.5f, 1f, 3.5f, 3.6f, 7f, 100f })
        {
            var bin = bins.BinOf(0, v);
            for (var b = 0; b < bins.Thresholds[0].Length; b++)
                Assert.Equal(bin <= b, v <= bins.Thresholds[0][b]);
        }
    }
}
