using System.Diagnostics;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Grains.Evaluation;
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
/// <remarks>
/// No record is left unchecked because of another: a record that breaks a rule is isolated and returned in
/// <see cref="BatchResult.Failed"/> while the rest of its batch is checked (<see cref="IsolatedEvaluation"/>); when the
/// model cannot score, the deterministic rules run anyway, a <c>model-unavailable</c> alert is raised once per outage
/// (<see cref="ModelOutage"/>) and the records come back as retryable failures so their model checks run on replay.
/// Read methods answer whatever a batch did.
/// </remarks>
[Placement.ResidencyPlacement]
public sealed class JurisdictionMonitorGrain(
    [PersistentState("monitor", SqliteGrainStorage.StorageName)] IPersistentState<MonitorState> state,
    IModelScorers scorers,
    RulePackSet packs,
    ICurrencyConverter rates,
    IRuleEvaluatorFactory ruleEvaluators,
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
    private long _persistedAt;

    private string _tenant = "";
    private string _jurisdiction = "";
    private IRuleEvaluator? _rules;
    private TenantInfo? _rulesFrom;
    private ModelDeployments? _models;
    private readonly ModelOutage _outage = new();
    private readonly Dictionary<string, ModelStatsAccumulator> _modelStats = new(StringComparer.Ordinal);
    private readonly List<AlertCandidate> _candidates = new();
    // Ids of the batch's alerting records for fairness; reused across batches (cleared per batch), as _candidates is.
    private readonly HashSet<string> _alerted = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _jurisdiction) = MonitorKey.Parse(this.GetPrimaryKeyString());
        RefreshRules();
        _windows = RestoreWindows();
        // Every shard reads the one registry of its (tenant, jurisdiction): shards share the deployment, never own one.
        _models = await GrainFactory.GetGrain<IModelRegistryGrain>(MonitorKey.For(_tenant, _jurisdiction)).GetAsync();
        EnsureSignals(_models);
        // The dispatcher checkpoints (CheckpointAsync) before it marks records processed, so a crash replays whatever
        // the last snapshot lacks. The timer stays as a backstop, free when nothing changed: it bounds what callers that
        // do not checkpoint (tests, tools) lose, and keeps drift and fairness state fresh between checkpoints.
        var every = monitorOptions.Value.PersistInterval;
        this.RegisterGrainTimer(PersistUnlessCheckpointedAsync, new GrainTimerCreationOptions(every, every) { Interleave = false });
        logger.LogDebug("Monitor {Tenant}/{Jurisdiction} activated with pack version {Version}, production model {Model}",
            _tenant, _jurisdiction, _rules!.Pack.Version, _models.Production.ModelId);
    }

    /// <summary>Every rule over the batch (errors isolated per record), as one <c>rules.evaluate</c> span.</summary>
    private IReadOnlyList<RecordError> EvaluateRules(MonitoredRecord[] records, ModelScore[] scores)
    {
        using var evaluate = MonitorTelemetry.Source.StartActivity("rules.evaluate");
        var errors = IsolatedEvaluation.Run(_rules!, _tenant, records, scores, _candidates, _windows);
        evaluate?.SetTag("lepton.rules.pack", _rules!.Pack.Version);
        evaluate?.SetTag("lepton.alert_candidates", _candidates.Count);
        evaluate?.SetTag("lepton.rules.errors", errors.Count);
        return errors;
    }

    public async Task<BatchResult> ProcessAsync(RecordBatch batch)
    {
        using var activity = MonitorTelemetry.Source.StartActivity("monitor.process");
        activity?.SetTag("lepton.tenant", _tenant);
        activity?.SetTag("lepton.jurisdiction", _jurisdiction);
        activity?.SetTag("lepton.batch.size", batch.Records.Length);

        RefreshRules();
        var records = batch.Records;
        // One snapshot of the deployments for the whole batch: SetModelsAsync interleaves at every await below, and a
        // switch landing between scoring and the drift observation must not feed one model's scores to another's monitor.
        var models = _models!;
        var scoringStarted = clock.GetTimestamp();
        var (scores, scoringError) = await TryScoreAsync(records, models);
        // Batch-level tags (a TagList of two is not allocated): the board's monitoring view charts them per tenant.
        var scope = new TagList { { "tenant", _tenant }, { "jurisdiction", _jurisdiction } };
        if (scoringError is null)
            MonitorTelemetry.ScoringDuration.Record(clock.GetElapsedTime(scoringStarted).TotalSeconds, scope);

        _candidates.Clear();
        var (late, tooLate) = (_windows.Late, _windows.TooLate);
        // Rules run whatever the model did: without scores the model rules skip the records, the others check them.
        // One span for the batch's evaluation (never one per record or per rule).
        var ruleErrors = EvaluateRules(records, scores);
        _dirty = true;
        if (_windows.Late != late || _windows.TooLate != tooLate)
        {
            MonitorTelemetry.LateRecords.Add(_windows.Late - late, new KeyValuePair<string, object?>("beyond_lateness", false));
            MonitorTelemetry.LateRecords.Add(_windows.TooLate - tooLate, new KeyValuePair<string, object?>("beyond_lateness", true));
        }
        MonitorTelemetry.RecordsEvaluated.Add(records.Length, scope);
        for (var i = 0; i < ruleErrors.Count; i++)
            logger.LogError(ruleErrors[i].Error, "Monitor {Tenant}/{Jurisdiction}: record {RecordId} broke a rule; it alone is returned as failed",
                _tenant, _jurisdiction, records[ruleErrors[i].Index].Id);
        var failed = BatchFailures.Of(records, ruleErrors, scoringError, models.Production.ModelId);

        string? outageEnded = null;
        (AlertKind Kind, string RuleId, string Entity)[] ended = [];
        if (scoringError is not null)
        {
            if (_outage.Failed(_tenant, _jurisdiction, models.Production.ModelId, records.Length, scoringError, clock.GetUtcNow()) is { } outageAlert)
            {
                logger.LogError(scoringError, "Monitor {Tenant}/{Jurisdiction}: the models cannot score; rules run without them and model checks wait", _tenant, _jurisdiction);
                _candidates.Add(outageAlert);
            }
            else
            {
                logger.LogDebug("Monitor {Tenant}/{Jurisdiction}: the models still cannot score ({Reason})", _tenant, _jurisdiction, FailureReasons.Describe(scoringError));
            }
        }
        else
        {
            outageEnded = _outage.Scored(models.Production.ModelId);
            // Only scored batches feed drift and fairness: an unscored one comes back on replay, and must not count twice.
            ended = ObserveSignals(records, scores, models);
        }
        if (_candidates.Count > 0)
        {
            await ExplainModelCandidatesAsync(records);
            await alerts.HandleAsync(_candidates.ToArray());
            if (scoringError is not null)
                _outage.Announced(); // only once its alert is stored: a batch retried after a store failure raises it again
        }
        foreach (var (kind, ruleId, entity) in ended)
            await resolver.ResolveAsync(_tenant, _jurisdiction, kind, ruleId, entity);
        if (outageEnded is not null)
            await resolver.ResolveAsync(_tenant, _jurisdiction, AlertKind.Model, ModelOutage.RuleId, outageEnded, "auto-resolved: the models score again");
        if (monitorOptions.Value.PersistEachBatch)
            await PersistIfDirtyAsync(CancellationToken.None); // a failure fails the batch: retried, and replays are idempotent
        activity?.SetTag("lepton.alerts", _candidates.Count);
        activity?.SetTag("lepton.failed", failed.Length);
        return new BatchResult(records.Length - failed.Length, _candidates.Count) { Failed = failed };
    }

    public Task CheckpointAsync() => PersistIfDirtyAsync(CancellationToken.None);

    public Task<DriftView> GetDriftAsync()
    {
        try
        {
            if (_signals is { } signals)
                return Task.FromResult(signals.View(_tenant, _jurisdiction));
        }
        catch (Exception e)
        {
            // A read answers: an empty view with the reason in the log, never a 500 because monitoring state is odd.
            logger.LogError(e, "Monitor {Tenant}/{Jurisdiction}: drift view failed", _tenant, _jurisdiction);
        }
        return Task.FromResult(new DriftView(_tenant, _jurisdiction, _models?.Production.ModelId ?? "", [], 0, null, [], [], null, 0));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await PersistIfDirtyAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// The drift and fairness monitor, created on first need: its columns come from the production model's card, and a
    /// model that cannot be loaded must not keep the monitor (and its rules) from activating. Saved state is restored
    /// when it is created; unreadable state starts afresh, loudly.
    /// </summary>
    private SignalMonitor? EnsureSignals(ModelDeployments models)
    {
        if (_signals is not null || !signalOptions.Value.Enabled)
            return _signals;
        var options = signalOptions.Value;
        try
        {
            var production = scorers.Get(models.Production.ModelId).Model;
            _signals = new SignalMonitor(options, production.ModelId, driftReferences.For(production),
                new FeatureExtractor(rates), clock, options.LearnsFirstWindow(_tenant), _tenant);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Monitor {Tenant}/{Jurisdiction}: drift monitoring waits for model {Model}", _tenant, _jurisdiction, models.Production.ModelId);
            return null;
        }
        if (state.State.Signals is { } saved)
        {
            try
            {
                _signals.Restore(saved);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Monitor {Tenant}/{Jurisdiction}: drift and fairness state could not be restored; starting afresh", _tenant, _jurisdiction);
            }
        }
        return _signals;
    }

    /// <summary>
    /// Feeds drift and fairness with this batch (after the rules, so fairness knows which records alerted) and, when a
    /// check is due, adds its drift/fairness candidates; returns the entities whose episodes ended (to auto-resolve).
    /// Drift is for the production model of <paramref name="models"/>, the deployments the batch was scored with.
    /// A failure here is logged and costs the batch its drift observation, never its rule alerts.
    /// </summary>
    private (AlertKind Kind, string RuleId, string Entity)[] ObserveSignals(MonitoredRecord[] records, ModelScore[] scores, ModelDeployments models)
    {
        if (EnsureSignals(models) is not { } signals)
            return [];
        try
        {
            var production = models.Production.ModelId;
            if (production != signals.ModelId)
                signals.SwitchModel(production, driftReferences.For(scorers.Get(production).Model));
            var alerted = _alerted;
            alerted.Clear();
            for (var i = 0; i < _candidates.Count; i++)
                alerted.Add(_candidates[i].RecordId);
            signals.Observe(records, scores, alerted);
            alerted.Clear(); // holds no record ids between batches
            if (!signals.Due)
                return [];

            using var check = MonitorTelemetry.Source.StartActivity("monitor.signals.check");
            var result = signals.Check();
            DriftTelemetry.Report(_tenant, _jurisdiction, result.Drift);
            MonitorTelemetry.DriftChecks.Add(1, new KeyValuePair<string, object?>("drifted", result.Drift?.Drifted ?? false));
            if (result.Drift is { } drift && SignalAlerts.ForDrift(_tenant, _jurisdiction, signals.ModelId, drift) is { } datasetAlert)
                _candidates.Add(datasetAlert);
            if (SignalAlerts.ForFeatureDrift(_tenant, _jurisdiction, signals.ModelId, result) is { } featureAlert)
                _candidates.Add(featureAlert);
            _candidates.AddRange(SignalAlerts.ForFairness(_tenant, _jurisdiction, result.Fairness, signalOptions.Value.FairnessMinimumZScore));
            return [.. SignalAlerts.Ended(signals.ModelId, result)];
        }
        catch (Exception e)
        {
            logger.LogError(e, "Monitor {Tenant}/{Jurisdiction}: drift and fairness observation failed; rule alerts unaffected", _tenant, _jurisdiction);
            return [];
        }
    }

    /// <summary>Writes entity windows and drift/fairness state when a batch changed them (checkpoint, timer, deactivation).</summary>
    private async Task PersistIfDirtyAsync(CancellationToken ct)
    {
        if (!_dirty)
            return;
        if (_signals is not null)
            state.State.Signals = _signals.Snapshot(); // else keep what was restored until drift monitoring can start
        state.State.EntityWindows = _windows.Snapshot();
        await state.WriteStateAsync(ct);
        _dirty = false;
        _persistedAt = clock.GetTimestamp();
    }

    /// <summary>
    /// The backstop timer writes only when no checkpoint did within its interval: a busy monitor is checkpointed by the
    /// dispatcher, and a second whole-state write per interval would double what persistence costs.
    /// </summary>
    private Task PersistUnlessCheckpointedAsync(CancellationToken ct) =>
        clock.GetElapsedTime(_persistedAt) < monitorOptions.Value.PersistInterval ? Task.CompletedTask : PersistIfDirtyAsync(ct);

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
        catch (Exception e)
        {
            logger.LogError(e, "Monitor {Tenant}/{Jurisdiction}: entity windows could not be restored; starting empty", _tenant, _jurisdiction);
            return new EntityWindows(options);
        }
    }

    /// <summary>
    /// Rebuilds the rules when the tenant's entry changed (the store swaps the object on every update), so overrides
    /// apply from the next batch. Overrides that cannot be applied, whatever the reason, keep the previous rules (the
    /// pack's own at activation) and say so loudly: they must never keep the monitor from activating or answering.
    /// </summary>
    private void RefreshRules()
    {
        var tenant = overrides.Current(_tenant);
        if (_rules is not null && ReferenceEquals(tenant, _rulesFrom))
            return;
        var pack = packs.Get(_jurisdiction);
        try
        {
            _rules = ruleEvaluators.Create(pack.WithOverrides(overrides.OverridesOf(tenant)));
            if (_rulesFrom is not null || tenant?.Overrides is not null)
                logger.LogInformation("Monitor {Tenant}/{Jurisdiction} applies the tenant's current rule overrides", _tenant, _jurisdiction);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Monitor {Tenant}/{Jurisdiction}: tenant overrides cannot be applied; keeping the previous rules", _tenant, _jurisdiction);
            _rules ??= ruleEvaluators.Create(pack);
        }
        _rulesFrom = tenant;
    }

    /// <summary>
    /// Scores the batch with <paramref name="models"/>; a failure of the production or canary model (not a shadow's:
    /// those never affect production) comes back as the error, with no scores, so the rules still run.
    /// </summary>
    private async Task<(ModelScore[] Scores, Exception? Error)> TryScoreAsync(MonitoredRecord[] records, ModelDeployments models)
    {
        try
        {
            return (await ScoreAsync(records, models), null);
        }
        catch (Exception e)
        {
            return ([], e);
        }
    }

    /// <summary>
    /// Production scores every record except the canary's share, which the canary scores instead; shadows score
    /// every record at the same time and only feed their statistics. All calls are batched by the scoring services.
    /// </summary>
    private async Task<ModelScore[]> ScoreAsync(MonitoredRecord[] records, ModelDeployments models)
    {
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
            ValueTask<FeatureContribution[]> explanation;
            try
            {
                explanation = scorers.Get(c.ModelVersion).ExplainAsync(record);
            }
            catch (Exception e)
            {
                explanation = ValueTask.FromException<FeatureContribution[]>(e);
            }
            (pending ??= new()).Add((i, explanation));
        }
        if (pending is null)
            return;
        foreach (var (index, explanation) in pending)
        {
            FeatureContribution[] contributions;
            try
            {
                contributions = await explanation;
            }
            catch (Exception e)
            {
                // The alert stands without its contributions rather than being lost with the explanation.
                logger.LogWarning(e, "Monitor {Tenant}/{Jurisdiction}: explaining a model alert failed", _tenant, _jurisdiction);
                continue;
            }
            var c = _candidates[index];
            _candidates[index] = c with { Explanation = c.Explanation with { Model = c.Explanation.Model! with { Contributions = contributions } } };
        }
    }
}
