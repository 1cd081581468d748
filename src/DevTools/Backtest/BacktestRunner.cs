using System.Diagnostics;
using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>
/// Replays an NDJSON file offline through the same steps as the live system — parse, validate, pseudonymize,
/// jurisdictions, model (optional), every enabled pack with entity windows per (tenant, jurisdiction) — and writes the
/// alert candidates it would raise. With the generator's truth file it scores each rule kind (precision, recall).
/// </summary>
/// <remarks>
/// No cluster, journal or alert store: candidates are not deduplicated, so one violation that several records repeat
/// shows once per record (precision and recall count records: a candidate's record and, for a pattern, every record of
/// its evidence — the generator's truth plants a pattern's kind on all of them). Rejected lines are what ingest would
/// dead-letter.
/// </remarks>
public sealed class BacktestRunner(RulePackSet packs, CurrencyRates rates)
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerOptions.Web) { WriteIndented = false };

    /// <param name="progress">told the lines read so far after each batch (of about the input's newline count)</param>
    public BacktestResult Run(BacktestOptions options, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var input = File.ReadAllBytes(options.InputPath);
        var enabled = options.Jurisdictions ?? [.. packs.Jurisdictions];
        var engines = enabled.ToDictionary(j => j, j => new RuleEngine(packs.Get(j), rates), StringComparer.OrdinalIgnoreCase);
        var states = new Dictionary<(string Tenant, string Jurisdiction), EntityWindows>();
        var byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        var alertedKindsById = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        long lines = 0, accepted = 0, rejected = 0, candidates = 0;

        using var pipeline = new OfflinePipeline(packs, enabled);
        using var scorer = options.UseModel ? new BacktestScorer(options.ModelPath, rates) : null;
        using var report = options.ReportPath is null ? null : new StreamWriter(options.ReportPath);
        var output = new List<AlertCandidate>();
        var groups = new Dictionary<(string Tenant, string Jurisdiction), (List<MonitoredRecord> Records, List<ModelScore?> Scores)>();
        var modelScores = options.KeepModelScores && scorer is not null ? new List<(string RecordId, double Score)>() : null;

        foreach (var (firstLine, body) in OfflinePipeline.Batches(input, options.BatchSize))
        {
            var batch = pipeline.Process(body.Span, firstLine);
            lines += batch.Records.Count + batch.Rejected.Count;
            accepted += batch.Records.Count;
            rejected += batch.Rejected.Count;
            var scores = scorer?.Score(batch.Records);
            progress?.Report(lines);
            if (modelScores is not null && scores is not null)
            {
                for (var i = 0; i < batch.Records.Count; i++)
                {
                    if (scores[i] is { } score)
                        modelScores.Add((batch.Records[i].Id, score.Score));
                }
            }

            // Fan-out as ingest routes it: each (tenant, jurisdiction) sees its records in input order.
            foreach (var group in groups.Values)
            {
                group.Records.Clear();
                group.Scores.Clear();
            }
            for (var i = 0; i < batch.Records.Count; i++)
            {
                var record = batch.Records[i];
                foreach (var jurisdiction in batch.Jurisdictions[i])
                {
                    var key = (record.Tenant, jurisdiction);
                    if (!groups.TryGetValue(key, out var group))
                        groups[key] = group = ([], []);
                    group.Records.Add(record);
                    group.Scores.Add(scores?[i]);
                }
            }

            output.Clear();
            foreach (var ((tenant, jurisdiction), group) in groups)
            {
                if (group.Records.Count == 0)
                    continue;
                if (!states.TryGetValue((tenant, jurisdiction), out var state))
                    states[(tenant, jurisdiction)] = state = new EntityWindows();
                engines[jurisdiction].Evaluate(tenant, group.Records.ToArray(), scorer is null ? [] : group.Scores.ToArray(), output, state);
            }

            foreach (var c in output)
            {
                candidates++;
                byKind[c.RuleKind] = byKind.GetValueOrDefault(c.RuleKind) + 1;
                // An alert's records are its evidence: for a pattern (structuring, velocity) every record of it.
                Alerted(c.RecordId, c.RuleKind);
                foreach (var id in c.EvidenceRecordIds ?? [])
                    Alerted(id, c.RuleKind);
                report?.WriteLine(JsonSerializer.Serialize(c, ReportJson));
            }
        }

        void Alerted(string recordId, string kind)
        {
            if (!alertedKindsById.TryGetValue(recordId, out var kinds))
                alertedKindsById[recordId] = kinds = new HashSet<string>(StringComparer.Ordinal);
            kinds.Add(kind);
        }

        var truth = options.TruthPath is null ? null : GroundTruth.Load(options.TruthPath);
        var scoresByKind = truth is null ? null : Score(truth, alertedKindsById);
        return new BacktestResult(
            lines, accepted, rejected, candidates, byKind, scoresByKind, scorer?.ModelVersion,
            states.Values.Sum(s => s.Late), states.Values.Sum(s => s.TooLate), states.Values.Sum(s => s.EvictedEntities),
            Stopwatch.GetElapsedTime(started))
        {
            ModelScores = modelScores,
            PlantedById = modelScores is null ? null : truth?.PlantedById,
        };
    }

    /// <summary>Precision and recall per rule kind that was planted or alerted (model kinds have no truth: recall is null).</summary>
    private static List<KindScore> Score(GroundTruth truth, Dictionary<string, HashSet<string>> alertedKindsById)
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var planted in truth.PlantedById.Values)
            kinds.UnionWith(planted);
        foreach (var alerted in alertedKindsById.Values)
            kinds.UnionWith(alerted);

        var scores = new List<KindScore>();
        foreach (var kind in kinds)
        {
            int planted = 0, tp = 0, fn = 0, fp = 0, alertedRecords = 0;
            foreach (var (id, plantedKinds) in truth.PlantedById)
            {
                if (!plantedKinds.Contains(kind))
                    continue;
                planted++;
                if (alertedKindsById.TryGetValue(id, out var hit) && hit.Contains(kind))
                    tp++;
                else
                    fn++;
            }
            foreach (var (id, alertedKinds) in alertedKindsById)
            {
                if (!alertedKinds.Contains(kind))
                    continue;
                alertedRecords++;
                if (!(truth.PlantedById.TryGetValue(id, out var plantedKinds) && plantedKinds.Contains(kind)))
                    fp++;
            }
            scores.Add(new KindScore(kind, planted, alertedRecords, tp, fp, fn));
        }
        return scores;
    }
}
