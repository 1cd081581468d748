using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains;
using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Lepton.Monitor.Integration.Tests.Grains;

/// <summary>
/// Drift and fairness inside the monitor grain on a real (in-process) cluster: records drawn from the model's training
/// distribution stay clean; a shifted amount distribution raises one drift alert per episode, which grows while the
/// drift lasts and resolves itself after clean checks; a group alerted far more often raises a fairness alert.
/// </summary>
public sealed class DriftAndFairnessGrainTests : IAsyncLifetime
{
    private const int CheckEvery = 1_000;
    private readonly TempFolder _data = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Lepton:DataPath"] = _data.Path,
                ["Lepton:Signals:CheckEveryRecords"] = CheckEvery.ToString(),
                ["Lepton:Signals:FairnessWindowRecords"] = "4000",
                ["Lepton:Signals:FairnessMinimumRecordsPerGroup"] = "200",
            }).Build();
            host.Services.AddLeptonStorage(config);
            host.Services.AddLeptonMonitoring(config);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
    }

    private static IEnumerable<MonitoredRecord> Baseline(int seed, string prefix) =>
        new SyntheticTransactionGenerator(seed).Generate(int.MaxValue)
            .Select((r, i) => r.Record with { Id = $"{prefix}-{i}", Tenant = "acme" });

    private async Task FeedAsync(IJurisdictionMonitorGrain grain, IEnumerable<MonitoredRecord> records, int count)
    {
        foreach (var chunk in records.Take(count).Chunk(500))
            await grain.ProcessAsync(new RecordBatch(chunk));
    }

    private Task<IReadOnlyList<Alert>> AlertsAsync(AlertKind kind) =>
        _cluster.Silos[0].ServiceProvider.GetRequiredService<IAlertStore>()
            .QueryAsync(new AlertQuery { Tenant = "acme", Kind = kind, PageSize = 500 })
            .ContinueWith(t => t.Result.Items);

    [Fact]
    public async Task Shifted_amounts_raise_one_drift_alert_that_grows_and_then_resolves_itself()
    {
        var grain = _cluster.Client.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For("acme", "US"));

        await FeedAsync(grain, Baseline(7, "clean"), 3 * CheckEvery);
        var clean = await grain.GetDriftAsync();
        Assert.NotNull(clean.Current);
        Assert.False(clean.Current!.Drifted, $"training-distribution records drifted: {string.Join(", ", clean.Current.Features.Where(f => f.Drifted).Select(f => $"{f.Name} psi {f.Psi:0.000} {f.Reasons}"))}");
        Assert.Equal(3, clean.History.Length);
        Assert.True((await AlertsAsync(AlertKind.Drift)).Count == 0, string.Join(" | ", (await AlertsAsync(AlertKind.Drift)).Select(a => a.Explanation.Summary)));

        // Amounts ×30: the amount feature, the near-threshold flag and the score move.
        var shifted = Baseline(8, "shift").Select(r => r with { Amount = r.Amount * 30m });
        await FeedAsync(grain, shifted, 2 * CheckEvery);
        var drift = Assert.Single(await AlertsAsync(AlertKind.Drift), a => a.RuleId == SignalAlerts.DriftRuleId);
        var featureDrift = Assert.Single(await AlertsAsync(AlertKind.Drift), a => a.RuleId == SignalAlerts.FeatureDriftRuleId);
        Assert.Contains("amountUsdLog1p", featureDrift.Explanation.Summary);
        var shiftedView = await grain.GetDriftAsync();
        Assert.True(2 == drift.Count, string.Join(" | ", shiftedView.History.Select(h => $"{h.Drifted} {h.DriftedShare:0.00} scorePsi {h.ScorePsi:0.000}")) + $" count {drift.Count}"); // two drifted checks, one alert
        Assert.Equal("drift", drift.RuleKind);
        Assert.Equal("model:lepton-risk-1.0.0", drift.Entity);
        Assert.Contains(drift.Explanation.Values, v => v.Name == "psi:amountUsdLog1p");
        var view = await grain.GetDriftAsync();
        Assert.True(view.Current!.Drifted);
        Assert.Contains(view.Current.Features, f => f.Name == "amountUsdLog1p" && f.Drifted && f.Psi >= 0.2);

        // Back to normal: after the configured clean checks (3) in a row the episode ends and the alert resolves itself.
        // The return is itself a change that ADWIN may flag a window or two later, so allow a few more checks.
        await FeedAsync(grain, Baseline(9, "back"), 6 * CheckEvery);
        var resolved = Assert.Single(await AlertsAsync(AlertKind.Drift), a => a.RuleId == SignalAlerts.DriftRuleId);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await AlertsAsync(AlertKind.Drift), a => a.RuleId == SignalAlerts.FeatureDriftRuleId).Status);
        var backView = await grain.GetDriftAsync();
        Assert.True(AlertStatus.Resolved == resolved.Status, string.Join(" | ", backView.History.Select(h => $"{h.Drifted} {h.DriftedShare:0.00} scorePsi {h.ScorePsi:0.000} ksp {h.ScoreKsPValue:0.0000}")) + " " + backView.Current!.Score.Reasons);
        Assert.Contains(resolved.Comments, c => c.Text.StartsWith("auto-resolved"));
    }

    [Fact]
    public async Task A_group_alerted_far_more_often_raises_a_fairness_alert_naming_the_groups()
    {
        var grain = _cluster.Client.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For("acme", "EU"));
        var bands = new[] { "18-24", "25-34", "35-44", "45-64" };
        // Every 5th record of the 18-24 band is large cash (a threshold alert); the others are ordinary.
        var records = Baseline(11, "fair").Select((r, i) =>
        {
            var band = bands[i % 4];
            var record = r with { Attributes = new Dictionary<string, string> { ["ageBand"] = band } };
            return band == "18-24" && i % 20 == 0
                ? record with { Amount = 50_000m, Currency = "EUR", Channel = PaymentChannel.Cash }
                : record;
        });
        await FeedAsync(grain, records, 4 * CheckEvery);

        var fairness = Assert.Single(await AlertsAsync(AlertKind.Fairness));
        Assert.Equal("attribute:ageBand", fairness.Entity);
        Assert.Contains("18-24", fairness.Explanation.Summary);
        Assert.Contains(fairness.Explanation.Values, v => v.Name == "rateRatio" && Convert.ToDouble(v.Value, System.Globalization.CultureInfo.InvariantCulture) < 0.8);
        var view = await grain.GetDriftAsync();
        var ageBand = Assert.Single(view.Fairness, a => a.Attribute == "ageBand");
        Assert.True(ageBand.Finding);
        Assert.Equal("18-24", ageBand.HighestGroup);
        Assert.True(ageBand.ParityDifference > 0);
    }

    [Fact]
    public async Task Drift_state_survives_deactivation()
    {
        var grain = _cluster.Client.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For("acme", "GB"));
        await FeedAsync(grain, Baseline(21, "a"), CheckEvery + 300);
        var before = await grain.GetDriftAsync();
        Assert.Equal(300, before.WindowRecords);

        var management = _cluster.Client.GetGrain<IManagementGrain>(0);
        Assert.NotNull(await management.GetActivationAddress(grain));
        await management.ForceActivationCollection(TimeSpan.Zero);
        // Observed, not assumed: the activation is gone from the cluster (null address) before the state is read back.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await management.GetActivationAddress(grain) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the monitor grain was not deactivated");
            await Task.Delay(20);
        }

        var after = await grain.GetDriftAsync(); // a new activation, restored from storage
        Assert.Equal(300, after.WindowRecords);
        Assert.Single(after.History);
    }

    [Fact]
    public void A_first_window_reference_is_learned_then_judges_later_windows_and_survives_a_snapshot()
    {
        var card = ModelCard.Load(ModelCard.PathFor(Path.Combine(AppContext.BaseDirectory, "onnx", ScoringOptions.DefaultModelFileName)));
        var options = new SignalOptions { Reference = SignalOptions.FirstWindowReference, CheckEveryRecords = 1_000 };
        var columns = DriftReferenceCatalog.Build(card, options.IgnoredFeatures);
        var extractor = new FeatureExtractor(Lepton.Monitor.Rules.CurrencyRates.LoadDefault());
        Assert.True(options.LearnsFirstWindow("anyone"));
        Assert.True(new SignalOptions { FirstWindowTenants = "demo, other" }.LearnsFirstWindow("demo"));
        Assert.False(new SignalOptions { FirstWindowTenants = "demo" }.LearnsFirstWindow("acme"));
        var monitor = new SignalMonitor(options, card.ModelId, columns, extractor, TimeProvider.System, firstWindow: true);
        Assert.DoesNotContain("hourSin", monitor.FeatureNames);

        // A distribution unlike the card's (all wires, amounts ×5) becomes "normal" once learned.
        var odd = Baseline(31, "odd").Select(r => r with { Channel = PaymentChannel.Wire, Amount = r.Amount * 5m }).GetEnumerator();
        void Feed(int n, Func<MonitoredRecord, MonitoredRecord>? change = null)
        {
            var batch = new List<MonitoredRecord>();
            for (var i = 0; i < n && odd.MoveNext(); i++)
                batch.Add(change is null ? odd.Current : change(odd.Current));
            var scores = batch.Select(_ => new ModelScore(0.1, card.ModelId, null)).ToArray();
            monitor.Observe([.. batch], scores, new HashSet<string>());
        }

        Feed(999);
        Assert.Null(monitor.Drift);
        Assert.Equal(1, monitor.ReferenceRecordsNeeded);
        Feed(1);
        Assert.NotNull(monitor.Drift);
        Feed(1_000);
        Assert.True(monitor.Due);
        var calm = monitor.Check();
        Assert.False(calm.Drift!.Drifted);
        Assert.True(Lepton.Monitor.Drift.Monitoring.EpisodeTransition.None == calm.FeatureTransition,
            string.Join(" | ", calm.Drift.Features.Where(f => f.Drifted).Select(f => $"{f.Name} psi {f.Psi:0.000} wn {f.WassersteinNormed:0.000} js {f.JensenShannon:0.000} {f.Reasons}")));

        var restored = new SignalMonitor(options, card.ModelId, columns, extractor, TimeProvider.System, firstWindow: true);
        restored.Restore(monitor.Snapshot());
        Assert.NotNull(restored.Drift);
        monitor = restored;
        Feed(1_000, r => r with { Amount = r.Amount * 40m });
        var shifted = monitor.Check();
        Assert.Equal(Lepton.Monitor.Drift.Monitoring.EpisodeTransition.Started, shifted.FeatureTransition);
        Assert.Contains(shifted.Drift!.Features, f => f.Name == "amountUsdLog1p" && f.Drifted);
        Assert.NotNull(SignalAlerts.ForFeatureDrift("acme", "US", card.ModelId, shifted));
    }
}
