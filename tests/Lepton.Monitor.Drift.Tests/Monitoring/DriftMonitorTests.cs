using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Summaries;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Monitoring;

public class DriftMonitorTests
{
    private const int Features = 6;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Four normal features, two 0/1 flags, a score with no min/max (as the model card gives it).</summary>
    private static DriftReferenceSet References() => new(
        [
            new FeatureReference("a", Samples.NormalCard(0, 1)),
            new FeatureReference("b", Samples.NormalCard(5, 2)),
            new FeatureReference("c", Samples.NormalCard(-1, 0.5)),
            new FeatureReference("d", Samples.NormalCard(10, 3)),
            new FeatureReference("flag1", Samples.FlagCard(0.1)),
            new FeatureReference("flag2", Samples.FlagCard(0.3)),
        ],
        ReferenceDistribution.FromQuantiles(Samples.CardLevels, Samples.CardLevels.Select(p => 0.3 + 0.1 * Samples.InverseNormal(p)).ToArray(), 0.3, 0.1));

    private static (float[] Rows, double[] Scores) Window(int seed, int n, double shift = 0, double flagRate = 0, double scoreShift = 0)
    {
        var rng = new Random(seed);
        var rows = new float[n * Features];
        var scores = new double[n];
        double[] means = [0, 5, -1, 10];
        double[] stds = [1, 2, 0.5, 3];
        for (var r = 0; r < n; r++)
        {
            for (var f = 0; f < 4; f++)
                rows[r * Features + f] = (float)(means[f] + stds[f] * (Samples.Gaussian(rng) + shift));
            rows[r * Features + 4] = rng.NextDouble() < 0.1 + flagRate ? 1 : 0;
            rows[r * Features + 5] = rng.NextDouble() < 0.3 + flagRate ? 1 : 0;
            scores[r] = 0.3 + scoreShift + 0.1 * Samples.Gaussian(rng);
        }
        return (rows, scores);
    }

    [Fact]
    public void Stationary_windows_are_clean()
    {
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { CheckEveryRecords = 5_000 }, new ManualTimeProvider(T0));
        for (var w = 0; w < 5; w++)
        {
            var (rows, scores) = Window(100 + w, 5_000);
            monitor.ObserveBatch(rows, scores);
            Assert.True(monitor.ShouldCheck);
            var result = monitor.Check();
            Assert.False(result.Drifted, $"window {w}: {string.Join(", ", result.Features.Where(f => f.Drifted).Select(f => $"{f.Name} {f.Reasons}"))} score {result.Score.Reasons}");
            Assert.Equal(DriftVerdict.Clean, result.Verdict);
            Assert.Equal(EpisodeTransition.None, result.Transition);
            Assert.True(result.DriftedShare < 0.5);
            Assert.Equal(0, monitor.WindowRecords);
        }
    }

    [Fact]
    public void A_shift_of_every_feature_is_dataset_drift_and_one_episode()
    {
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { CheckEveryRecords = 2_000, CleanChecksToResolve = 2 }, new ManualTimeProvider(T0));
        var transitions = new List<EpisodeTransition>();
        for (var w = 0; w < 7; w++)
        {
            var drifting = w is >= 1 and <= 3;
            var (rows, scores) = Window(200 + w, 2_000, shift: drifting ? 0.5 : 0, flagRate: drifting ? 0.2 : 0);
            monitor.ObserveBatch(rows, scores);
            var result = monitor.Check();
            if (drifting)
            {
                Assert.True(result.DatasetDrift);
                Assert.Equal(1.0, result.DriftedShare);
                Assert.All(result.Features.Take(4), f => Assert.True(f.Reasons.HasFlag(DriftReasons.Wasserstein) && f.Reasons.HasFlag(DriftReasons.KolmogorovSmirnov)));
                Assert.All(result.Features.Skip(4), f => Assert.Equal(ColumnKind.Categorical, f.Kind));
                Assert.All(result.Features.Skip(4), f => Assert.True(f.Reasons.HasFlag(DriftReasons.JensenShannon) || f.Reasons.HasFlag(DriftReasons.Psi)));
            }
            transitions.Add(result.Transition);
        }
        Assert.Equal(
        [
            EpisodeTransition.None, EpisodeTransition.Started, EpisodeTransition.Continuing, EpisodeTransition.Continuing,
            EpisodeTransition.Continuing, EpisodeTransition.Ended, EpisodeTransition.None,
        ], transitions);
        Assert.Equal(7, monitor.History.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], monitor.History[1].DriftedFeatures);
    }

    [Fact]
    public void A_score_shift_is_caught_by_the_streaming_detectors_inside_a_window()
    {
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { CheckEveryRecords = 10_000 }, new ManualTimeProvider(T0));
        var (rows, scores) = Window(300, 4_000);
        for (var i = 2_000; i < 4_000; i++) scores[i] += 0.3;
        monitor.ObserveBatch(rows, scores);
        var result = monitor.Check();
        Assert.True(result.Score.Drifted);
        Assert.True(result.ScoreStream.AdwinDetections > 0);
        Assert.InRange(result.ScoreStream.FirstAdwinRecord, 2_000, 2_200);
        Assert.InRange(result.ScoreStream.FirstPageHinkleyRecord, 2_000, 2_400);
        Assert.True(result.Drifted);
        Assert.False(result.DatasetDrift);
        Assert.Equal(EpisodeTransition.Started, result.Transition);
    }

    [Fact]
    public void Should_check_by_count_or_by_time_with_enough_records()
    {
        var clock = new ManualTimeProvider(T0);
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { CheckEveryRecords = 1_000, CheckInterval = TimeSpan.FromMinutes(5), MinimumRecordsForDecision = 100 }, clock);
        var (rows, scores) = Window(400, 1_000);
        for (var r = 0; r < 50; r++) monitor.Observe(rows.AsSpan(r * Features, Features), scores[r]);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(monitor.ShouldCheck); // time is up but 50 records decide nothing
        for (var r = 50; r < 100; r++) monitor.Observe(rows.AsSpan(r * Features, Features), scores[r]);
        Assert.True(monitor.ShouldCheck);
        var result = monitor.Check();
        Assert.Equal(T0, result.WindowStart);
        Assert.Equal(T0.AddMinutes(6), result.CheckedAt);
        Assert.False(monitor.ShouldCheck);
        monitor.ObserveBatch(rows.AsSpan(0, 1_000 * Features), scores);
        Assert.True(monitor.ShouldCheck);
    }

    [Fact]
    public void Small_windows_are_inconclusive()
    {
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { StreamingDetectors = false }, new ManualTimeProvider(T0));
        var (rows, scores) = Window(500, 50, shift: 3);
        monitor.ObserveBatch(rows, scores);
        var result = monitor.Check();
        Assert.Equal(DriftVerdict.Inconclusive, result.Verdict);
        Assert.False(result.Drifted);
        Assert.True(result.Features[0].Psi > 1); // metrics are still reported
    }

    [Fact]
    public void History_is_a_bounded_ring()
    {
        var clock = new ManualTimeProvider(T0);
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { HistoryCapacity = 3 }, clock);
        var (rows, scores) = Window(600, 200);
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            monitor.ObserveBatch(rows, scores);
            monitor.Check();
        }
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(4), T0.AddMinutes(5)], monitor.History.Select(h => h.CheckedAt));
    }

    [Fact]
    public void Snapshot_restores_the_window_detectors_episode_and_history()
    {
        var set = References();
        var clock = new ManualTimeProvider(T0);
        var a = new DriftMonitor(set, new DriftMonitorOptions(), clock);
        var (rows, scores) = Window(700, 3_000, shift: 0.5);
        a.ObserveBatch(rows, scores);
        a.Check();
        var (rows2, scores2) = Window(701, 1_500);
        a.ObserveBatch(rows2, scores2);
        var snapshot = a.Snapshot();
        Assert.True(snapshot.Length < 16_000, $"snapshot {snapshot.Length} B");

        var b = new DriftMonitor(set, new DriftMonitorOptions(), clock);
        Assert.True(b.Restore(snapshot));
        Assert.Equal(a.WindowRecords, b.WindowRecords);
        Assert.Equal(a.LastResult!.Features.Select(f => f.Psi), b.LastResult!.Features.Select(f => f.Psi));
        Assert.True(b.Episode.IsActive);
        var ra = a.Check();
        var rb = b.Check();
        Assert.Equal(ra.Features.Select(f => (f.KsStatistic, f.Psi, f.Wasserstein)), rb.Features.Select(f => (f.KsStatistic, f.Psi, f.Wasserstein)));
        Assert.Equal(ra.Transition, rb.Transition);
        Assert.Equal(a.History.Count, b.History.Count);
    }

    [Fact]
    public void Snapshot_of_other_references_is_not_restored_and_garbage_is_refused()
    {
        var a = new DriftMonitor(References());
        var other = new DriftMonitor([new FeatureReference("x", Samples.NormalCard())], Samples.NormalCard());
        Assert.False(other.Restore(a.Snapshot()));
        Assert.Throws<InvalidDataException>(() => a.Restore(new byte[] { 1, 2, 3, 4, 5 }));
        Assert.Throws<InvalidDataException>(() => a.Restore(a.Snapshot().AsSpan(0, 40)));
    }

    [Fact]
    public void Window_memory_does_not_grow_with_traffic()
    {
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { CheckEveryRecords = int.MaxValue });
        var before = monitor.SummaryMemoryBytes;
        var small = monitor.Snapshot().Length;
        var (rows, scores) = Window(800, 20_000);
        for (var i = 0; i < 10; i++) monitor.ObserveBatch(rows, scores);
        Assert.Equal(before, monitor.SummaryMemoryBytes);
        Assert.True(monitor.Snapshot().Length < small + 2_000, "counters are varints: the snapshot grows by bytes per bin, not per record");
    }

    [Fact]
    public void Row_width_is_checked()
    {
        var monitor = new DriftMonitor(References());
        Assert.Throws<ArgumentException>(() => monitor.Observe(new float[3], 0.1));
        Assert.Throws<ArgumentException>(() => monitor.ObserveBatch(new float[13], new double[2]));
    }

    [Fact]
    public void False_alarm_rate_on_a_stationary_stream_is_low()
    {
        // 100 checks of 2,000 stationary records (200,000 scores through ADWIN and Page–Hinkley).
        var monitor = new DriftMonitor(References(), new DriftMonitorOptions { CheckEveryRecords = 2_000 }, new ManualTimeProvider(T0));
        var drifted = 0;
        var featureHits = 0;
        for (var w = 0; w < 100; w++)
        {
            var (rows, scores) = Window(10_000 + w, 2_000);
            monitor.ObserveBatch(rows, scores);
            var result = monitor.Check();
            if (result.Drifted) drifted++;
            featureHits += result.Features.Count(f => f.Drifted);
        }
        Assert.True(drifted <= 1, $"{drifted} of 100 stationary checks drifted");
        Assert.True(featureHits <= 40, $"{featureHits} feature hits in 600 (KS at 5 % on 4 numeric features: about 20 expected)");
    }
}
