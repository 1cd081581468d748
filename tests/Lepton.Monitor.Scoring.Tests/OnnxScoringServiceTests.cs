using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lepton.Monitor.Contracts;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Scoring.Tests;

[Collection(ScoringServiceCollection.Name)]
public sealed class OnnxScoringServiceTests : IDisposable
{
    private readonly ReferenceScorer _reference = new();

    public void Dispose() => _reference.Dispose();

    private static OnnxScoringService CreateService(Action<ScoringOptions>? configure = null, ICurrencyConverter? currency = null,
        ILogger<OnnxScoringService>? logger = null)
    {
        var options = new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = ScoringDevice.Cpu };
        configure?.Invoke(options);
        return new OnnxScoringService(options, currency ?? FixedRateCurrencyConverter.Default, logger);
    }

    [Fact]
    public async Task Concurrent_callers_are_batched_and_get_the_same_scores_as_one_at_a_time()
    {
        var records = TestRecords.Generated(600);
        var expected = records.Select(_reference.Score).ToArray();
        await using var service = CreateService(o => o.MaxWait = TimeSpan.FromMilliseconds(20));

        // 48 callers with slices of 1..24 records, all at once.
        var slices = new List<(int Offset, int Count)>();
        for (int offset = 0, i = 0; offset < records.Length; i++)
        {
            var count = Math.Min(1 + i % 24, records.Length - offset);
            slices.Add((offset, count));
            offset += count;
        }
        var results = await Task.WhenAll(slices.Select(s =>
            Task.Run(async () => await service.ScoreAsync(new ArraySegment<MonitoredRecord>(records, s.Offset, s.Count)))));

        for (var i = 0; i < slices.Count; i++)
        {
            var (offset, count) = slices[i];
            Assert.Equal(count, results[i].Length);
            for (var k = 0; k < count; k++)
            {
                Assert.InRange(Math.Abs(results[i][k].Score - expected[offset + k]), 0, 1e-6);
                Assert.Equal("lepton-risk-1.0.0", results[i][k].ModelVersion);
                Assert.Null(results[i][k].Contributions);
            }
        }
        Assert.True(service.LargestBatchRows > 24, $"largest run had {service.LargestBatchRows} rows: callers were not merged");
        Assert.True(service.RunCount < slices.Count, $"{service.RunCount} runs for {slices.Count} callers");
    }

    [Fact]
    public async Task Requests_larger_than_MaxBatchSize_are_split_and_reassembled_in_order()
    {
        var records = TestRecords.Generated(1_000, seed: 3);
        await using var service = CreateService(o =>
        {
            o.MaxBatchSize = 64;
            o.MaxWait = TimeSpan.Zero;
        });

        var scores = await service.ScoreAsync(records);

        Assert.Equal(records.Length, scores.Length);
        for (var i = 0; i < records.Length; i++)
            Assert.InRange(Math.Abs(scores[i].Score - _reference.Score(records[i])), 0, 1e-6);
        Assert.True(service.RunCount >= 16, $"{service.RunCount} runs for 1,000 rows at 64 per run");
        Assert.True(service.LargestBatchRows <= 64, $"a run had {service.LargestBatchRows} rows");
    }

    [Fact]
    public async Task Explain_returns_every_feature_sorted_by_magnitude_with_card_names()
    {
        await using var service = CreateService();
        var record = TestRecords.Create(
            amount: 9_500m, channel: PaymentChannel.Cash,
            originator: new Party("acct-1", "name-1", "US", "cust-1"), beneficiary: new Party("acct-2", "name-2", "IR", null),
            features: new Dictionary<string, double> { ["accountAgeDays"] = 5 });

        var contributions = await service.ExplainAsync(record, top: FeatureExtractor.FeatureCount);

        Assert.Equal(FeatureExtractor.FeatureCount, contributions.Length);
        Assert.Equal(service.Model.Card.Features.Order(), contributions.Select(c => c.Feature).Order());
        for (var i = 1; i < contributions.Length; i++)
            Assert.True(Math.Abs(contributions[i - 1].Contribution) >= Math.Abs(contributions[i].Contribution));

        // Each contribution is score(record) − score(record with that feature at its baseline mean).
        var features = _reference.Features(record);
        var score = _reference.Score(features);
        foreach (var c in contributions)
        {
            var index = service.Model.FeatureNames.ToList().IndexOf(c.Feature);
            Assert.Equal(features[index], c.Value, 6);
            var substituted = (float[])features.Clone();
            substituted[index] = (float)service.Model.Card.Baseline.Features[index].Mean;
            Assert.InRange(Math.Abs(c.Contribution - (score - _reference.Score(substituted))), 0, 1e-6);
        }

        // A structuring-sized cash payment to a high-risk country from a new account is a model hit, pushed up by its red flags.
        Assert.True(score >= service.Model.Threshold, $"score {score} below threshold {service.Model.Threshold}");
        Assert.True(contributions[0].Contribution > 0);

        var top3 = await service.ExplainAsync(record, top: 3);
        Assert.Equal(contributions.Take(3).Select(c => c.Feature), top3.Select(c => c.Feature));
    }

    [Fact]
    public async Task An_explanation_is_never_split_even_when_MaxBatchSize_is_smaller()
    {
        await using var service = CreateService(o => o.MaxBatchSize = 4);
        var record = TestRecords.Generated(1)[0];

        var explained = service.ExplainAsync(record, top: 50).AsTask();
        var scored = await service.ScoreAsync(TestRecords.Generated(10, seed: 9));

        Assert.Equal(FeatureExtractor.FeatureCount, (await explained).Length);
        Assert.Equal(10, scored.Length);
        Assert.Equal(FeatureExtractor.FeatureCount + 1, service.LargestBatchRows);
    }

    [Fact]
    public void Corrupt_truncated_or_missing_models_are_rejected_with_a_clear_exception()
    {
        using var dir = new TempDirectory();
        var card = ModelCard.PathFor(TestRecords.ShippedModelPath);

        var garbage = dir.File("garbage.onnx");
        File.WriteAllText(garbage, "this is not an ONNX model");
        File.Copy(card, ModelCard.PathFor(garbage));
        var e1 = Assert.Throws<ModelLoadException>(() => CreateService(o => o.ModelPath = garbage));
        Assert.Contains(garbage, e1.Message);
        Assert.Contains("not a loadable ONNX model", e1.Message);

        var truncated = dir.File("truncated.onnx");
        var bytes = File.ReadAllBytes(TestRecords.ShippedModelPath);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        File.Copy(card, ModelCard.PathFor(truncated));
        Assert.Equal(truncated, Assert.Throws<ModelLoadException>(() => CreateService(o => o.ModelPath = truncated)).ModelPath);

        var missing = dir.File("missing.onnx");
        Assert.Contains("not found", Assert.Throws<ModelLoadException>(() => CreateService(o => o.ModelPath = missing)).Message);
    }

    [Fact]
    public void A_model_whose_card_is_missing_or_does_not_match_the_features_is_rejected()
    {
        using var dir = new TempDirectory();
        var model = dir.File("m.onnx");
        File.Copy(TestRecords.ShippedModelPath, model);
        Assert.Throws<ModelLoadException>(() => CreateService(o => o.ModelPath = model));

        var card = ModelCard.Load(ModelCard.PathFor(TestRecords.ShippedModelPath));
        (card with { Features = card.Features.Reverse().ToArray() }).Save(ModelCard.PathFor(model));
        var e = Assert.Throws<ModelLoadException>(() => CreateService(o => o.ModelPath = model));
        Assert.Contains("differ from this build's FeatureExtractor", e.Message);
    }

    [Fact]
    public async Task Writers_wait_when_the_queue_is_full_and_all_complete_once_it_drains()
    {
        var gate = new GatedCurrencyConverter();
        await using var service = CreateService(o =>
        {
            o.QueueCapacity = 1;
            o.MaxWait = TimeSpan.Zero;
        }, currency: gate);
        var records = TestRecords.Generated(3);

        // An explanation is featurised by the loop (scores are featurised by their callers): the loop blocks in it.
        var first = service.ExplainAsync(records[0]).AsTask();
        Assert.True(gate.WaitUntilEntered(TimeSpan.FromSeconds(10)));
        var second = service.ScoreAsync([records[1]]).AsTask();      // fills the one queue slot
        var third = service.ScoreAsync([records[2]]).AsTask();       // must wait for room

        await Task.Delay(50);
        Assert.Equal(1, service.QueuedRequests);
        Assert.False(third.IsCompleted);

        gate.Release();
        Assert.NotEmpty(await first);
        var all = await Task.WhenAll(second, third);
        for (var i = 0; i < 2; i++)
            Assert.InRange(Math.Abs(all[i][0].Score - _reference.Score(records[i + 1])), 0, 1e-6);
    }

    [Fact]
    public async Task Pre_built_rows_score_like_records_and_bad_shapes_are_refused()
    {
        await using var service = CreateService(o => o.MaxBatchSize = 64);
        var records = TestRecords.Generated(40);
        var rows = records.SelectMany(_reference.Features).ToArray();

        var scores = await service.ScoreFeaturesAsync(rows);
        var viaRecords = await service.ScoreAsync(records);

        Assert.Equal(40, scores.Length);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.InRange(Math.Abs(scores[i] - _reference.Score(records[i])), 0, 1e-6);
            Assert.InRange(Math.Abs(scores[i] - viaRecords[i].Score), 0, 1e-6);
        }
        await Assert.ThrowsAsync<ArgumentException>(async () => await service.ScoreFeaturesAsync(rows.AsMemory(0, 20)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await service.ScoreFeaturesAsync(new float[65 * FeatureExtractor.FeatureCount]));
        Assert.Empty(await service.ScoreFeaturesAsync(ReadOnlyMemory<float>.Empty));
    }

    [Fact]
    public async Task Cancellation_and_disposal_are_honoured()
    {
        var service = CreateService();
        var records = TestRecords.Generated(50);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await service.ScoreAsync(records, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await service.ExplainAsync(records[0], ct: cancelled.Token));

        // Work queued before disposal still completes; nothing is accepted after.
        var pending = Enumerable.Range(0, 20).Select(i => service.ScoreAsync([records[i]]).AsTask()).ToArray();
        await service.DisposeAsync();
        Assert.All(await Task.WhenAll(pending), r => Assert.InRange(r[0].Score, 0, 1));
        Assert.Throws<ObjectDisposedException>(() => { _ = service.ScoreAsync(records); });
        await service.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task An_empty_request_is_answered_without_a_model_run()
    {
        await using var service = CreateService();
        Assert.Empty(await service.ScoreAsync([]));
        Assert.Equal(0, service.RunCount);
    }

    [Fact]
    public async Task Runs_are_measured_and_traced()
    {
        long rows = 0;
        var batchSizes = new List<int>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ScoringTelemetry.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == ScoringTelemetry.RowsScoredInstrument) Interlocked.Add(ref rows, value);
        });
        meters.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == ScoringTelemetry.BatchRowsInstrument) lock (batchSizes) batchSizes.Add(value);
        });
        meters.Start();

        var runs = new List<Activity>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ScoringTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (runs) runs.Add(a); },
        };
        ActivitySource.AddActivityListener(traces);

        await using (var service = CreateService(o => o.MaxWait = TimeSpan.Zero))
        {
            await service.ScoreAsync(TestRecords.Generated(100));
        }

        Assert.Equal(100, Interlocked.Read(ref rows));
        lock (batchSizes) Assert.Equal(100, batchSizes.Sum());
        lock (runs)
        {
            Assert.NotEmpty(runs);
            Assert.All(runs, a => Assert.Equal(ScoringTelemetry.RunActivityName, a.OperationName));
            Assert.Equal(100, runs.Sum(a => (int)a.GetTagItem("lepton.batch.rows")!));
        }
    }
}
