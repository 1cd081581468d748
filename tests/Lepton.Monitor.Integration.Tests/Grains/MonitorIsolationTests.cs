using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains;
using Lepton.Monitor.Grains.Evaluation;
using Lepton.Monitor.Grains.Models;
using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Grains.Persistence;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Lepton.Monitor.Integration.Tests.Grains;

/// <summary>
/// A monitor never lets one record, a model failure or a model switch cost other records their checks: on a real
/// (in-process) cluster whose rules break on one record id and whose models can be broken or held mid-batch.
/// </summary>
public sealed class MonitorIsolationTests : IAsyncLifetime
{
    private const string Poison = "poison";
    private const string DefaultModel = "lepton-risk-1.0.0";
    private const string OtherModel = "lepton-risk-gbdt-1.0.0";
    private static readonly DateTimeOffset T0 = new(DateTimeOffset.UtcNow.Date, TimeSpan.Zero);

    private readonly TempFolder _data = new();
    private readonly ControllableScorers _scorers = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Lepton:DataPath"] = _data.Path,
                ["Lepton:Monitor:PersistInterval"] = "01:00:00", // only checkpoints and deactivation write state here
            }).Build();
            host.Services.AddLeptonStorage(config);
            host.Services.AddLeptonMonitoring(config);
            host.Services.AddSingleton<IModelScorers>(sp => _scorers.Wrap(sp.GetRequiredService<ModelServing>()));
            host.Services.AddSingleton<IRuleEvaluatorFactory>(sp => new PoisonedRules(new RuleEngineEvaluators(sp.GetRequiredService<ICurrencyConverter>()), Poison));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        _scorers.Release();
        await _cluster.DisposeAsync();
        _data.Dispose();
    }

    private static MonitoredRecord Record(string id, string customer, decimal amount, PaymentChannel channel, int minute, string beneficiaryCountry = "US") =>
        new(id, "acme", T0.AddMinutes(minute), amount, "USD", channel,
            new Party("ACC-" + customer, "N-" + customer, "US", customer), new Party("ACC-B", "N-B", beneficiaryCountry, null),
            null, null, null, null, null, null) { AcceptedAt = T0.AddMinutes(minute) };

    private IJurisdictionMonitorGrain Monitor(string jurisdiction = "US") =>
        _cluster.Client.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For("acme", jurisdiction));

    private async Task<IReadOnlyList<Alert>> AlertsAsync() =>
        (await _cluster.Silos[0].ServiceProvider.GetRequiredService<IAlertStore>().QueryAsync(new AlertQuery { Tenant = "acme", PageSize = 500 })).Items;

    /// <summary>The monitor's persisted state as the store holds it now (not as the activation holds it).</summary>
    private async Task<(bool Exists, MonitorState State)> StoredStateAsync(IJurisdictionMonitorGrain grain)
    {
        var storage = _cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SqliteGrainStorage.StorageName);
        var state = new GrainState<MonitorState>();
        await storage.ReadStateAsync("monitor", grain.GetGrainId(), state);
        return (state.RecordExists, state.State ?? new MonitorState());
    }

    [Fact]
    public async Task A_record_that_breaks_a_rule_is_isolated_and_its_neighbours_are_alerted()
    {
        var batch = new RecordBatch([
            Record("s1", "C-1", 9_000m, PaymentChannel.Cash, 0),
            Record("s2", "C-1", 9_500m, PaymentChannel.Cash, 1),
            Record(Poison, "C-2", 25_000m, PaymentChannel.Cash, 2), // the rules throw here, after s1 and s2 entered the windows
            Record("s3", "C-1", 9_200m, PaymentChannel.Cash, 3),    // completes C-1's structuring pattern
            Record("big", "C-3", 30_000m, PaymentChannel.Cash, 4),
            Record("wire-iran", "C-4", 900m, PaymentChannel.Wire, 5, "IR"),
        ]);
        var grain = Monitor();
        var result = await grain.ProcessAsync(batch);

        var failed = Assert.Single(result.Failed);
        Assert.Equal(Poison, failed.RecordId);
        Assert.False(failed.Retryable);
        Assert.StartsWith("rules: OverflowException", failed.Reason);
        Assert.Equal(5, result.Processed);

        var alerts = await AlertsAsync();
        Assert.DoesNotContain(alerts, a => a.RecordIds.Contains(Poison));
        Assert.Contains("big", Assert.Single(alerts, a => a.RuleKind == "threshold").RecordIds);
        Assert.Equal(["wire-iran"], Assert.Single(alerts, a => a.RuleKind == "sanctioned-country").RecordIds);
        var structuring = Assert.Single(alerts, a => a.RuleKind == "structuring");
        Assert.Equal("C-1", structuring.Entity);
        Assert.Contains("s3", structuring.RecordIds);
        Assert.Equal(1, structuring.Count);

        // s1 and s2 went through the rules twice (the failed pass, then one by one) but are held once.
        await grain.CheckpointAsync();
        var (_, state) = await StoredStateAsync(grain);
        var windows = EntityWindows.Restore(state.EntityWindows!, new MonitorOptions().EntityWindows);
        Assert.Equal(5, windows.EventCount);
    }

    [Fact]
    public async Task Rules_alert_while_the_model_is_unavailable_and_a_model_alert_is_raised()
    {
        _scorers.Broken = true; // from activation on: a bad model promoted
        var grain = Monitor();
        var first = new RecordBatch([
            Record("c1", "C-1", 25_000m, PaymentChannel.Cash, 0),
            Record("w1", "C-2", 900m, PaymentChannel.Wire, 1, "IR"),
            Record("k1", "C-3", 120m, PaymentChannel.Card, 2),
        ]);
        var result = await grain.ProcessAsync(first);
        Assert.Equal(["c1", "w1", "k1"], result.Failed.Select(f => f.RecordId));
        Assert.All(result.Failed, f => Assert.True(f.Retryable));
        Assert.All(result.Failed, f => Assert.StartsWith("model: " + DefaultModel, f.Reason));
        Assert.Equal(0, result.Processed);

        await grain.ProcessAsync(new RecordBatch([Record("c2", "C-1", 30_000m, PaymentChannel.Cash, 3)]));

        var alerts = await AlertsAsync();
        Assert.Equal(["c1", "c2"], Assert.Single(alerts, a => a.RuleKind == "threshold").RecordIds.Order());
        Assert.Equal(["w1"], Assert.Single(alerts, a => a.RuleKind == "sanctioned-country").RecordIds);
        var outage = Assert.Single(alerts, a => a.RuleId == ModelOutage.RuleId);
        Assert.Equal(AlertKind.Model, outage.Kind);
        Assert.Equal(1, outage.Count); // once per outage, not once per batch
        Assert.Contains("failed to load", outage.Explanation.Summary);
        Assert.Equal(AlertStatus.Open, outage.Status);

        // Reads answer during the outage.
        Assert.Equal(DefaultModel, (await grain.GetDriftAsync()).ModelId);
        Assert.NotNull(await grain.GetModelStatsAsync());

        // The model is back and the parked records are replayed: their model checks run, no rule alert is repeated.
        _scorers.Broken = false;
        var replay = await grain.ProcessAsync(first);
        Assert.Empty(replay.Failed);
        Assert.Equal(3, replay.Processed);
        alerts = await AlertsAsync();
        var threshold = Assert.Single(alerts, a => a.RuleKind == "threshold");
        Assert.Equal(2, threshold.Count);
        Assert.Equal(1, Assert.Single(alerts, a => a.RuleKind == "sanctioned-country").Count);
        var ended = Assert.Single(alerts, a => a.RuleId == ModelOutage.RuleId);
        Assert.Equal(AlertStatus.Resolved, ended.Status);
        Assert.Contains(ended.Comments, c => c.Text.Contains("score again"));
        Assert.Contains((await grain.GetModelStatsAsync()), s => s.ModelId == DefaultModel);
    }

    [Fact]
    public async Task A_model_switch_mid_batch_does_not_mix_models_in_drift()
    {
        var grain = Monitor();
        Assert.Equal(DefaultModel, (await grain.GetDriftAsync()).ModelId); // activated, drift on the default model
        var batch = new SyntheticTransactionGenerator(5).Generate(400)
            .Select((r, i) => r.Record with { Id = "m-" + i, Tenant = "acme" }).ToArray();

        _scorers.Hold();
        var processing = grain.ProcessAsync(new RecordBatch(batch[..200]));
        await _scorers.Entered.Task; // the batch is being scored by the default model…
        var registry = _cluster.Client.GetGrain<IModelRegistryGrain>(MonitorKey.For("acme", "US"));
        var current = await registry.GetAsync();
        // …when another model is promoted (SetModelsAsync interleaves with the batch in flight).
        await grain.SetModelsAsync(current with { Revision = current.Revision + 1, Production = current.Production with { ModelId = OtherModel } });
        _scorers.Release();
        await processing;

        var view = await grain.GetDriftAsync();
        Assert.Equal(DefaultModel, view.ModelId);  // the batch's scores went to the drift of the model that scored them
        Assert.Equal(200, view.WindowRecords);

        await grain.ProcessAsync(new RecordBatch(batch[200..]));
        var switched = await grain.GetDriftAsync();
        Assert.Equal(OtherModel, switched.ModelId); // from the next batch on, the new model's own window
        Assert.Equal(200, switched.WindowRecords);
    }

    [Fact]
    public async Task Checkpoint_makes_windows_durable()
    {
        var grain = Monitor();
        await grain.ProcessAsync(new RecordBatch([
            Record("d1", "C-9", 9_000m, PaymentChannel.Cash, 0),
            Record("d2", "C-9", 9_100m, PaymentChannel.Cash, 1),
        ]));
        Assert.False((await StoredStateAsync(grain)).Exists); // nothing written yet: no timer due, no deactivation

        await grain.CheckpointAsync();

        // What a restart would find, without any deactivation having persisted it.
        var (exists, state) = await StoredStateAsync(grain);
        Assert.True(exists);
        var windows = EntityWindows.Restore(state.EntityWindows!, new MonitorOptions().EntityWindows);
        Assert.Equal(1, windows.EntityCount);
        Assert.Equal(2, windows.EventCount);
        Assert.NotNull(state.Signals);
    }
}
