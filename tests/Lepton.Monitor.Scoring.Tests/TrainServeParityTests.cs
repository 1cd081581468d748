using Lepton.Monitor.Training;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>Training and serving compute features by one code path: the matrix a model is trained on is what the service feeds it.</summary>
[Collection(ScoringServiceCollection.Name)]
public sealed class TrainServeParityTests
{
    [Fact]
    public async Task The_training_matrix_equals_the_features_the_scoring_service_uses_for_the_same_records()
    {
        const int rows = 300;
        const int seed = 77;
        var training = TrainingSet.Generate(seed, rows);
        var records = new SyntheticTransactionGenerator(seed).Generate(rows).Select(l => l.Record).ToArray();
        await using var service = new OnnxScoringService(
            new ScoringOptions { ModelPath = TestRecords.ShippedGbdtModelPath, Device = ScoringDevice.Cpu }, FixedRateCurrencyConverter.Default);

        // An explanation reports the value of every feature as the serving path computed it, inside the batching loop.
        var explained = await Task.WhenAll(records.Select(r => service.ExplainAsync(r, top: FeatureExtractor.FeatureCount).AsTask()));

        for (var r = 0; r < rows; r++)
        {
            var served = explained[r].ToDictionary(c => c.Feature, c => c.Value);
            for (var f = 0; f < FeatureExtractor.FeatureCount; f++)
                Assert.Equal(training.X[r * TrainingSet.Width + f], (float)served[FeatureExtractor.FeatureNames[f]]);
        }
    }
}
