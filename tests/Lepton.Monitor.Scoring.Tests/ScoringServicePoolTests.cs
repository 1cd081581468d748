namespace Lepton.Monitor.Scoring.Tests;

[Collection(ScoringServiceCollection.Name)]
public sealed class ScoringServicePoolTests
{
    private static ScoringServicePool CreatePool(Func<string, string?>? resolve = null) =>
        new(resolve ?? new ModelRepository(Path.Combine(Path.GetTempPath(), "lepton-scoring-tests", "pool-models"), ModelRepository.DefaultShippedDirectory).GetPath,
            new ScoringOptions { Device = ScoringDevice.Cpu, MaxWait = TimeSpan.FromMilliseconds(1) }, FixedRateCurrencyConverter.Default);

    [Fact]
    public async Task Concurrent_callers_share_one_service_per_model_and_each_model_serves_its_own_scores()
    {
        var loads = 0;
        var repository = new ModelRepository(Path.Combine(Path.GetTempPath(), "lepton-scoring-tests", "pool-models"), ModelRepository.DefaultShippedDirectory);
        await using var pool = CreatePool(id => { Interlocked.Increment(ref loads); return repository.GetPath(id); });

        var services = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            pool.Get(i % 2 == 0 ? "lepton-risk-1.0.0" : "lepton-risk-gbdt-1.0.0"))));

        Assert.Equal(2, services.Distinct().Count());
        Assert.Equal(2, loads);
        Assert.Equal(["lepton-risk-1.0.0", "lepton-risk-gbdt-1.0.0"], pool.LoadedModelIds);
        var record = TestRecords.Generated(1, seed: 9);
        var mlp = await services[0].ScoreAsync(record);
        var gbdt = await services[1].ScoreAsync(record);
        Assert.Equal("lepton-risk-1.0.0", mlp[0].ModelVersion);
        Assert.Equal("lepton-risk-gbdt-1.0.0", gbdt[0].ModelVersion);
        using var reference = new ReferenceScorer(TestRecords.ShippedGbdtModelPath);
        Assert.InRange(Math.Abs(gbdt[0].Score - reference.Score(record[0])), 0, 1e-6);
    }

    [Fact]
    public async Task Unknown_ids_throw_and_a_failed_load_is_retried_later()
    {
        string? path = null;
        await using var pool = CreatePool(_ => path);
        Assert.Throws<KeyNotFoundException>(() => pool.Get("later-1.0.0"));
        Assert.Empty(pool.LoadedModelIds);

        path = TestRecords.ShippedModelPath; // the model appears (e.g. imported meanwhile)
        Assert.Equal("lepton-risk-1.0.0", pool.Get("later-1.0.0").Model.ModelId);
    }

    [Fact]
    public async Task Evicting_and_disposing_release_the_services()
    {
        var pool = CreatePool();
        var mlp = pool.Get("lepton-risk-1.0.0");
        var gbdt = pool.Get("lepton-risk-gbdt-1.0.0");

        Assert.True(await pool.EvictAsync("lepton-risk-1.0.0"));
        Assert.False(await pool.EvictAsync("lepton-risk-1.0.0"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await mlp.ScoreAsync(TestRecords.Generated(1)));
        Assert.NotSame(mlp, pool.Get("lepton-risk-1.0.0")); // loads afresh

        await pool.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await gbdt.ScoreAsync(TestRecords.Generated(1)));
        Assert.Throws<ObjectDisposedException>(() => pool.Get("lepton-risk-1.0.0"));
    }
}
