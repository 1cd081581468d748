using System.Diagnostics;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Grains;

/// <summary>
/// One activation per (tenant, jurisdiction). It orchestrates: score the batch on the silo's shared scoring
/// service, run the jurisdiction's rule pack, explain model alerts, hand candidates to alert handling.
/// The logic itself lives in plain libraries (Rules, Scoring, Alerting) so it can be tested without a silo.
/// </summary>
public sealed class JurisdictionMonitorGrain(
    IScoringService scoring,
    RulePackSet packs,
    ICurrencyConverter rates,
    AlertPipeline alerts,
    ILogger<JurisdictionMonitorGrain> logger) : Grain, IJurisdictionMonitorGrain
{
    private string _tenant = "";
    private string _jurisdiction = "";
    private RuleEngine? _engine;
    private readonly List<AlertCandidate> _candidates = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _jurisdiction) = MonitorKey.Parse(this.GetPrimaryKeyString());
        _engine = new RuleEngine(packs.Get(_jurisdiction), rates);
        logger.LogDebug("Monitor {Tenant}/{Jurisdiction} activated with pack version {Version}", _tenant, _jurisdiction, packs.Get(_jurisdiction).Version);
        return Task.CompletedTask;
    }

    public async Task<BatchResult> ProcessAsync(RecordBatch batch)
    {
        using var activity = MonitorTelemetry.Source.StartActivity("monitor.process");
        activity?.SetTag("lepton.tenant", _tenant);
        activity?.SetTag("lepton.jurisdiction", _jurisdiction);
        activity?.SetTag("lepton.batch.size", batch.Records.Length);

        var records = batch.Records;
        var scores = await scoring.ScoreAsync(records);

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

    /// <summary>
    /// Model alerts carry their top feature contributions; only the (rare) alerting records pay for it, and all of a
    /// batch's explanations are requested at once so the scoring service runs them as one batch, not one wait each.
    /// </summary>
    private async Task ExplainModelCandidatesAsync(MonitoredRecord[] records)
    {
        List<(int Index, ValueTask<FeatureContribution[]> Pending)>? pending = null;
        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Kind != AlertKind.Model || c.Explanation.Model is not { Contributions.Length: 0 })
                continue;
            var record = Array.Find(records, r => r.Id == c.RecordId);
            if (record is null)
                continue;
            (pending ??= new()).Add((i, scoring.ExplainAsync(record)));
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
