using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Grains.Models;
using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Lepton.Monitor.Grains;

/// <summary>
/// One activation per (tenant, jurisdiction). It orchestrates: score the batch on the silo's shared scoring services
/// (production, canary share, shadows), run the jurisdiction's rule pack with the tenant's current overrides, explain
/// model alerts, hand candidates to alert handling. The logic itself lives in plain libraries (Rules, Scoring,
/// Alerting, Models) so it can be tested without a silo.
/// </summary>
public sealed class JurisdictionMonitorGrain(
    [PersistentState("monitor", SqliteGrainStorage.StorageName)] IPersistentState<MonitorState> state,
    IModelScorers scorers,
    RulePackSet packs,
    ICurrencyConverter rates,
    TenantOverridesReader overrides,
    AlertPipeline alerts,
    IOptions<SignalOptions> signalOptions,
    IOptions<MonitorOptions> monitorOptions,
    DriftReferenceCatalog driftReferences,
    SignalAlertResolver resolver,
    TimeProvider clock,
    ILogger<JurisdictionMonitorGrain> logger) : Grain, IJurisdictionMonitorGrain
{
    private SignalMonitor? _signals;
    private EntityWindows _windows = null!;
    private bool _dirty;

    private string _tenant = "";
    private string _jurisdiction = "";
    private RuleEngine? _engine;
    private TenantInfo? _rulesFrom;
    private ModelDeployments? _models;
    private readonly Dictionary<string, ModelStatsAccumulator> _modelStats = new(StringComparer.Ordinal);
    private readonly List<AlertCandidate> _candidates = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _jurisdiction) = MonitorKey.Parse(this.GetPrimaryKeyString());
        RefreshRules();
        _windows = RestoreWindows();
        _models = await GrainFactory.GetGrain<IModelRegistryGrain>(this.GetPrimaryKeyString()).GetAsync();
        if (signalOptions.Value.Enabled)
        {
            var production = scorers.Get(_models.Production.ModelId).Model;
            _signals = new SignalMonitor(signalOptions.Value, production.ModelId, driftReferences.For(production),
                new FeatureExtractor(rates), clock, signalOptions.Value.LearnsFirstWindow(_tenant));
            if (state.State.Signals is { } saved)
                _signals.Restore(saved);
        }
        // Persist on a timer, not per batch: a snapshot per batch would cost a durable write per grain call. A crash
        // loses at most this interval of window state; alerts themselves are already durable.
        var every = monitorOptions.Value.PersistInterval;
        this.RegisterGrainTimer(PersistIfDirtyAsync, new GrainTimerCreationOptions(every, every) { Interleave = false });
        logger.LogDebug("Monitor {Tenant}/{Jurisdiction} activated with pack version {Version}, production model {Model}",
            _tenant, _jurisdiction, _engine!.Pack.Version, _models.Production.ModelId);
    }

    public async Task<BatchResult> ProcessAsync(RecordBatch batch)
    {
        using var activity = MonitorTelemetry.Source.StartActivity("monitor.process");
        activity?.SetTag("lepton.tenant", _tenant);
        activity?.SetTag("lepton.jurisdiction", _jurisdiction);
        activity?.SetTag("lepton.batch.size", batch.Records.Length);

        RefreshRules();
        var records = batch.Records;
        var scores = await ScoreAsync(records);

        _candidates.Clear();
        var (late, tooLate) = (_windows.Late, _windows.TooLate);
        _engine!.Evaluate(_tenant, records, scores, _candidates, _windows);
        _dirty = true;
        if (_windows.Late != late || _windows.TooLate != tooLate)
        {
            MonitorTelemetry.LateRecords.Add(_windows.Late - late, new KeyValuePair<string, object?>("beyond_lateness", false));
            MonitorTelemetry.LateRecords.Add(_windows.TooLate - tooLate, new KeyValuePair<string, object?>("beyond_lateness", true));
        }
        MonitorTelemetry.RecordsEvaluated.Add(records.Length, new KeyValuePair<string, object?>("jurisdiction", _jurisdiction));
        var ended = ObserveSignals(records, scores);
        if (_candidates.Count > 0)
        {
            await ExplainModelCandidatesAsync(records);
            await alerts.HandleAsync(_candidates.ToArray());
        }
        foreach (var (kind, ruleId, entity) in ended)
            await resolver.ResolveAsync(_tenant, _jurisdiction, kind, ruleId, entity);
        activity?.SetTag("lepton.alerts", _candidates.Count);
        return new BatchResult(records.Length, _candidates.Count);
    }

    public Task CheckpointAsync() => PersistIfDirtyAsync(CancellationToken.None);

    public Task<DriftView> GetDriftAsync() => Task.FromResult(_signals?.View(_tenant, _jurisdiction)
        ?? new DriftView(_tenant, _jurisdiction, _models?.Production.ModelId ?? "", [], 0, null, [], [], null, 0));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await PersistIfDirtyAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Feeds drift and fairness with this batch (after the rules, so fairness knows which records alerted) and, when a
    /// check is due, adds its drift/fairness candidates; returns the entities whose episodes ended (to auto-resolve).
    /// </summary>
    private List<(AlertKind Kind, string RuleId, string Entity)> ObserveSignals(MonitoredRecord[] records, ModelScore[] scores)
    {
        if (_signals is null)
            return [];
        _signals.SwitchModel(_models!.Production.ModelId, driftReferences.For(scorers.Get(_models.Production.ModelId).Model));
        var alerted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in _candidates)
            alerted.Add(c.RecordId);
        _signals.Observe(records, scores, alerted);
        if (!_signals.Due)
            return [];

        using var check = MonitorTelemetry.Source.StartActivity("monitor.signals.check");
        var result = _signals.Check();
        MonitorTelemetry.DriftChecks.Add(1, new KeyValuePair<string, object?>("drifted", result.Drift?.Drifted ?? false));
        if (result.Drift is { } drift && SignalAlerts.ForDrift(_tenant, _jurisdiction, _signals.ModelId, drift) is { } datasetAlert)
            _candidates.Add(datasetAlert);
        if (SignalAlerts.ForFeatureDrift(_tenant, _jurisdiction, _signals.ModelId, result) is { } featureAlert)
            _candidates.Add(featureAlert);
        _candidates.AddRange(SignalAlerts.ForFairness(_tenant, _jurisdiction, result.Fairness));
        return [.. SignalAlerts.Ended(_signals.ModelId, result)];
    }

    private async Task PersistIfDirtyAsync(CancellationToken ct)
    {
        if (!_dirty)
            return;
        state.State.Signals = _signals?.Snapshot();
        state.State.EntityWindows = _windows.Snapshot();
        await state.WriteStateAsync(ct);
        _dirty = false;
    }

    public Task SetModelsAsync(ModelDeployments deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        if (_models is null || deployments.Revision >= _models.Revision)
            _models = deployments; // applies from the next batch; a batch in flight keeps the models it started with
        return Task.CompletedTask;
    }

    public Task<ModelServingStats[]> GetModelStatsAsync() =>
        Task.FromResult(_modelStats.Values.Select(s => s.Snapshot()).ToArray());

    /// <summary>The stateful rules' windows from the last snapshot; unreadable bytes start empty, loudly (never block the monitor).</summary>
    private EntityWindows RestoreWindows()
    {
        var options = monitorOptions.Value.EntityWindows;
        if (state.State.EntityWindows is not { Length: > 0 } saved)
            return new EntityWindows(options);
        try
        {
            return EntityWindows.Restore(saved, options);
        }
        catch (InvalidDataException e)
        {
            logger.LogError(e, "Monitor {Tenant}/{Jurisdiction}: entity windows could not be restored; starting empty", _tenant, _jurisdiction);
            return new EntityWindows(options);
        }
    }

    /// <summary>
    /// Rebuilds the rule engine when the tenant's entry changed (the store swaps the object on every update), so
    /// overrides apply from the next batch. Bad stored overrides keep the previous engine and say so loudly.
    /// </summary>
    private void RefreshRules()
    {
        var tenant = overrides.Current(_tenant);
        if (_engine is not null && ReferenceEquals(tenant, _rulesFrom))
            return;
        var pack = packs.Get(_jurisdiction);
        try
        {
            _engine = new RuleEngine(pack.WithOverrides(overrides.OverridesOf(tenant)), rates);
            if (_rulesFrom is not null || tenant?.Overrides is not null)
                logger.LogInformation("Monitor {Tenant}/{Jurisdiction} applies the tenant's current rule overrides", _tenant, _jurisdiction);
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            logger.LogError(e, "Monitor {Tenant}/{Jurisdiction}: tenant overrides cannot be applied; keeping the previous rules", _tenant, _jurisdiction);
            _engine ??= new RuleEngine(pack, rates);
        }
        _rulesFrom = tenant;
    }

    /// <summary>
    /// Production scores every record except the canary's share, which the canary scores instead; shadows score
    /// every record at the same time and only feed their statistics. All calls are batched by the scoring services.
    /// </summary>
    private async Task<ModelScore[]> ScoreAsync(MonitoredRecord[] records)
    {
        var models = _models!;
        var production = scorers.Get(models.Production.ModelId);

        (string ModelId, Task<ModelScore[]> Pending)[] shadows = [];
        if (models.Shadows.Length > 0)
        {
            shadows = new (string, Task<ModelScore[]>)[models.Shadows.Length];
            for (var i = 0; i < shadows.Length; i++)
            {
                var id = models.Shadows[i].ModelId;
                shadows[i] = (id, ScoreShadowAsync(id, records));
            }
        }

        ModelScore[] scores;
        if (models.Canary is { } canary && CanaryIndices(records, canary.CanaryShare) is { Count: > 0 } toCanary)
        {
            scores = await ScoreWithCanaryAsync(records, production, scorers.Get(canary.ModelId), toCanary);
        }
        else
        {
            scores = await production.ScoreAsync(records);
            Track(models.Production.ModelId, ModelStage.Production, production.Model.Threshold, scores, null);
        }
        foreach (var (id, pending) in shadows)
        {
            var shadowScores = await pending;
            if (shadowScores.Length == records.Length)
                Track(id, ModelStage.Shadow, scorers.Get(id).Model.Threshold, shadowScores, (scores, production.Model.Threshold));
        }
        return scores;
    }

    private async Task<ModelScore[]> ScoreShadowAsync(string modelId, MonitoredRecord[] records)
    {
        try
        {
            return await scorers.Get(modelId).ScoreAsync(records);
        }
        catch (Exception e)
        {
            // A shadow never affects production traffic: log, count, move on.
            logger.LogWarning(e, "Shadow model {ModelId} failed on a batch of {Tenant}/{Jurisdiction}", modelId, _tenant, _jurisdiction);
            MonitorTelemetry.ShadowFailures.Add(1, new KeyValuePair<string, object?>("model", modelId));
            return [];
        }
    }

    private static List<int>? CanaryIndices(MonitoredRecord[] records, double share)
    {
        List<int>? indices = null;
        for (var i = 0; i < records.Length; i++)
        {
            if (TrafficSplit.Route(records[i].Id, share) == TrafficRoute.Canary)
                (indices ??= new()).Add(i);
        }
        return indices;
    }

    private async Task<ModelScore[]> ScoreWithCanaryAsync(MonitoredRecord[] records, IScoringService production, IScoringService canary, List<int> toCanary)
    {
        var canaryRecords = new MonitoredRecord[toCanary.Count];
        var productionRecords = new MonitoredRecord[records.Length - toCanary.Count];
        for (int i = 0, c = 0, p = 0; i < records.Length; i++)
        {
            if (c < toCanary.Count && toCanary[c] == i)
                canaryRecords[c++] = records[i];
            else
                productionRecords[p++] = records[i];
        }
        var canaryPending = canary.ScoreAsync(canaryRecords);
        var productionScores = productionRecords.Length == 0 ? [] : await production.ScoreAsync(productionRecords);
        var canaryScores = await canaryPending;
        Track(production.Model.ModelId, ModelStage.Production, production.Model.Threshold, productionScores, null);
        Track(canary.Model.ModelId, ModelStage.Canary, canary.Model.Threshold, canaryScores, null);

        var merged = new ModelScore[records.Length];
        for (int i = 0, c = 0, p = 0; i < records.Length; i++)
            merged[i] = c < toCanary.Count && toCanary[c] == i ? canaryScores[c++] : productionScores[p++];
        return merged;
    }

    private void Track(string modelId, ModelStage stage, double threshold, ModelScore[] scores, (ModelScore[] Scores, double Threshold)? production)
    {
        if (!_modelStats.TryGetValue(modelId, out var stats))
            _modelStats[modelId] = stats = new ModelStatsAccumulator(modelId, stage);
        stats.Stage = stage;
        for (var i = 0; i < scores.Length; i++)
        {
            var hit = scores[i].Score >= threshold;
            stats.Add(scores[i].Score, hit);
            if (production is { } p)
                stats.Compare(hit, p.Scores[i].Score >= p.Threshold);
        }
        if (stage == ModelStage.Shadow)
            MonitorTelemetry.ShadowScores.Add(scores.Length, new KeyValuePair<string, object?>("model", modelId));
    }

    /// <summary>
    /// Model alerts carry their top feature contributions, from the model that scored the record; only the (rare)
    /// alerting records pay for it, and all of a batch's explanations are requested at once so the scoring service runs
    /// them as one batch, not one wait each.
    /// </summary>
    private async Task ExplainModelCandidatesAsync(MonitoredRecord[] records)
    {
        List<(int Index, ValueTask<FeatureContribution[]> Pending)>? pending = null;
        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Kind != AlertKind.Model || c.Explanation.Model is not { Contributions.Length: 0 } || c.ModelVersion is null)
                continue;
            var record = Array.Find(records, r => r.Id == c.RecordId);
            if (record is null)
                continue;
            (pending ??= new()).Add((i, scorers.Get(c.ModelVersion).ExplainAsync(record)));
        }
        if (pending is null)
            return;
        foreach (var (index, explanation) in pending)
        {
            var contributions = await explanation;
            var c = _candidates[index];
            _candidates[index] = c with { Explanation = c.Explanation with { Model = c.Explanation.Model! with { Contributions = contributions } } };
        }
    }
}
