using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Grains.Models;
using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Grains;

/// <summary>
/// One activation per (tenant, jurisdiction). It orchestrates: score the batch on the silo's shared scoring services
/// (production, canary share, shadows), run the jurisdiction's rule pack with the tenant's current overrides, explain
/// model alerts, hand candidates to alert handling. The logic itself lives in plain libraries (Rules, Scoring,
/// Alerting, Models) so it can be tested without a silo.
/// </summary>
public sealed class JurisdictionMonitorGrain(
    IModelScorers scorers,
    RulePackSet packs,
    ICurrencyConverter rates,
    TenantOverridesReader overrides,
    AlertPipeline alerts,
    ILogger<JurisdictionMonitorGrain> logger) : Grain, IJurisdictionMonitorGrain
{
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
        _models = await GrainFactory.GetGrain<IModelRegistryGrain>(this.GetPrimaryKeyString()).GetAsync();
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
        _engine!.Evaluate(_tenant, records, scores, _candidates);
        MonitorTelemetry.RecordsEvaluated.Add(records.Length, new KeyValuePair<string, object?>("jurisdiction", _jurisdiction));
        if (_candidates.Count == 0)
            return new BatchResult(records.Length, 0);

        await ExplainModelCandidatesAsync(records);
        var raised = _candidates.ToArray();
        await alerts.HandleAsync(raised);
        activity?.SetTag("lepton.alerts", raised.Length);
        return new BatchResult(records.Length, raised.Length);
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
