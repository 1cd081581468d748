using Lepton.Monitor.Contracts;
using Lepton.Monitor.Training;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>The batching service gives every family the same answers as one-at-a-time scoring, under any concurrency.</summary>
[Collection(ScoringServiceCollection.Name)]
public sealed class BothFamiliesServingTests
{
    private static OnnxScoringService CreateService(string modelPath, Action<ScoringOptions>? configure = null)
    {
        var options = new ScoringOptions { ModelPath = modelPath, Device = ScoringDevice.Cpu };
        configure?.Invoke(options);
        return new OnnxScoringService(options, FixedRateCurrencyConverter.Default);
    }

    [Theory]
    [MemberData(nameof(TestRecords.ShippedModels), MemberType = typeof(TestRecords))]
    public async Task Batched_scores_equal_one_at_a_time_scores(string modelPath)
    {
        var records = TestRecords.Generated(1_500, seed: 21);
        using var reference = new ReferenceScorer(modelPath);
        await using var service = CreateService(modelPath, o => o.MaxBatchSize = 512);

        var scored = await service.ScoreAsync(records);

        Assert.Equal(records.Length, scored.Length);
        for (var i = 0; i < records.Length; i++)
            Assert.InRange(Math.Abs(scored[i].Score - reference.Score(records[i])), 0, 1e-6);
        Assert.Equal(service.Model.ModelId, scored[0].ModelVersion);
        Assert.Equal(512, service.LargestBatchRows);
    }

    [Theory]
    [MemberData(nameof(TestRecords.ShippedModels), MemberType = typeof(TestRecords))]
    public async Task Sixty_four_concurrent_callers_with_random_batches_all_match_the_reference(string modelPath)
    {
        var records = TestRecords.Generated(2_000, seed: 5);
        using var reference = new ReferenceScorer(modelPath);
        var expected = records.Select(reference.Score).ToArray();
        await using var service = CreateService(modelPath, o => { o.MaxBatchSize = 256; o.MaxWait = TimeSpan.FromMilliseconds(1); });

        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            for (var call = 0; call < 8; call++)
            {
                var count = random.Next(1, 300); // sometimes above MaxBatchSize: split and reassembled
                var offset = random.Next(0, records.Length - count);
                var scores = await service.ScoreAsync(new ArraySegment<MonitoredRecord>(records, offset, count));
                for (var k = 0; k < count; k++)
                    if (Math.Abs(scores[k].Score - expected[offset + k]) > 1e-6)
                        Interlocked.Increment(ref failures);
            }
        })));

        Assert.Equal(0, failures);
        Assert.True(service.LargestBatchRows > 1, "concurrent callers were never merged into one run");
    }

    [Theory]
    [MemberData(nameof(TestRecords.ShippedModels), MemberType = typeof(TestRecords))]
    public async Task Explanations_work_for_every_family(string modelPath)
    {
        using var reference = new ReferenceScorer(modelPath);
        await using var service = CreateService(modelPath);
        var means = service.Model.Card.Baseline.Features.Select(f => (float)f.Mean).ToArray();
        var record = TestRecords.Create(amount: 9_500m, channel: PaymentChannel.Cash,
            beneficiary: new Party("acct-9", "name-9", "IR", null), timestamp: new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero));

        var contributions = await service.ExplainAsync(record, top: FeatureExtractor.FeatureCount);

        Assert.Equal(FeatureExtractor.FeatureCount, contributions.Length);
        var features = reference.Features(record);
        var score = reference.Score(features);
        foreach (var c in contributions)
        {
            var i = FeatureExtractor.FeatureNames.ToList().IndexOf(c.Feature);
            var substituted = (float[])features.Clone();
            substituted[i] = means[i];
            Assert.InRange(Math.Abs(c.Contribution - (score - reference.Score(substituted))), 0, 1e-6);
        }
        Assert.Contains(contributions, c => Math.Abs(c.Contribution) > 1e-3); // a risky record moves the score
    }

    [Fact]
    public async Task Reusing_bound_tensors_gives_the_same_scores_as_fresh_tensors()
    {
        var x = TrainingSet.Generate(seed: 3, rows: 600).X;
        using var fresh = new RawOnnxRunner(TestRecords.ShippedGbdtModelPath, new ScoringOptions { Device = ScoringDevice.Cpu, ReuseBoundTensors = false });
        using var bound = new RawOnnxRunner(TestRecords.ShippedGbdtModelPath, new ScoringOptions { Device = ScoringDevice.Cpu, ReuseBoundTensors = true });
        var features = GC.AllocateUninitializedArray<float>(x.Length, pinned: true);
        var scores = GC.AllocateUninitializedArray<float>(600, pinned: true);
        var expected = new float[600];

        // Same buffers, changing contents and row counts (cache hits and misses), from several threads at once.
        foreach (var rows in new[] { 600, 17, 600, 1, 17, 333 })
        {
            x.CopyTo(features, 0);
            fresh.Run(x, rows, expected);
            bound.Run(features, rows, scores);
            Assert.Equal(expected.AsSpan(0, rows).ToArray(), scores.AsSpan(0, rows).ToArray());
            Array.Reverse(x); // new contents for the next round, same arrays
        }
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var own = new float[50];
            var ownExpected = new float[50];
            for (var i = 0; i < 20; i++)
            {
                bound.Run(x, 50, own);
                fresh.Run(x, 50, ownExpected);
                Assert.Equal(ownExpected, own);
            }
        })));
    }

    [Fact]
    public async Task The_service_runs_any_inference_backend()
    {
        var card = ModelCard.Load(ModelCard.PathFor(TestRecords.ShippedModelPath));
        var backend = new ConstantBackend(0.25f);
        var service = new OnnxScoringService(backend, card, "memory://constant", new ScoringOptions { Device = ScoringDevice.Cpu }, FixedRateCurrencyConverter.Default);

        var scores = await service.ScoreAsync(TestRecords.Generated(10));
        Assert.All(scores, s => Assert.Equal(0.25, s.Score, 6));
        Assert.Equal("test", service.Model.Device);
        await service.DisposeAsync();
        Assert.True(backend.Disposed);
    }

    private sealed class ConstantBackend(float score) : IInferenceBackend
    {
        public bool Disposed { get; private set; }
        public string Device => "test";
        public string InputName => "features";
        public string OutputName => "score";
        public int FeatureCount => FeatureExtractor.FeatureCount;
        public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
        public void Run(float[] features, int rows, float[] scores) => scores.AsSpan(0, rows).Fill(score);
        public void Dispose() => Disposed = true;
    }
}
