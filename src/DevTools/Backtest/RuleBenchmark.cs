using System.Diagnostics;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>
/// A bench-able entry point for the rules alone (for <c>lepton bench</c>): records already pseudonymized and routed,
/// evaluated by every pack they reach with entity windows, single-threaded as one grain activation runs.
/// </summary>
public static class RuleBenchmark
{
    /// <summary>Generated records (default options, planted violations included) through the offline ingest path, with their jurisdictions.</summary>
    public static (MonitoredRecord Record, string[] Jurisdictions)[] Prepare(int count, long seed = 1, RulePackSet? packs = null)
    {
        packs ??= RulePackSet.LoadDefault();
        var ndjson = TransactionGenerator.GenerateNdjson(new GeneratorOptions { Count = count, Seed = seed, Tenant = "bench" });
        using var pipeline = new OfflinePipeline(packs);
        var batch = pipeline.Process(ndjson, 0);
        return [.. batch.Records.Zip(batch.Jurisdictions)];
    }

    /// <summary>
    /// Evaluates the records <paramref name="rounds"/> times (fresh state each round, best round reported) and measures the
    /// entity windows' memory after the last round.
    /// </summary>
    public static RuleBenchmarkResult Run(IReadOnlyList<(MonitoredRecord Record, string[] Jurisdictions)> records, int rounds = 3,
        RulePackSet? packs = null, ICurrencyConverter? rates = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        packs ??= RulePackSet.LoadDefault();
        rates ??= CurrencyRates.LoadDefault();
        var engines = packs.Packs.ToDictionary(p => p.Jurisdiction, p => new RuleEngine(p, rates), StringComparer.OrdinalIgnoreCase);

        // Routed once, up front: the benchmark measures rules, not routing.
        var routed = engines.Keys.ToDictionary(j => j, _ => new List<MonitoredRecord>(), StringComparer.OrdinalIgnoreCase);
        long evaluations = 0;
        foreach (var (record, jurisdictions) in records)
        {
            foreach (var j in jurisdictions)
            {
                routed[j].Add(record);
                evaluations++;
            }
        }
        var batches = routed.ToDictionary(r => r.Key, r => r.Value.Chunk(4_096).ToArray());

        double best = 0;
        long candidates = 0, allocated = 0;
        Dictionary<string, EntityWindows> states = [];
        var output = new List<AlertCandidate>(1_024);
        for (var round = 0; round < Math.Max(1, rounds); round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            states = engines.Keys.ToDictionary(j => j, _ => new EntityWindows(), StringComparer.OrdinalIgnoreCase);
            candidates = 0;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            foreach (var (jurisdiction, chunks) in batches)
            {
                var engine = engines[jurisdiction];
                var state = states[jurisdiction];
                foreach (var chunk in chunks)
                {
                    output.Clear();
                    engine.Evaluate("bench", chunk, [], output, state);
                    candidates += output.Count;
                }
            }
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            best = Math.Max(best, records.Count / seconds);

            if (round == Math.Max(1, rounds) - 1)
            {
                output.Clear();
                output.TrimExcess();
                var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
                var entities = states.Values.Sum(s => s.EntityCount);
                var approximate = entities == 0 ? 0 : states.Values.Sum(s => s.ApproximateBytes()) / (double)entities;
                var measured = entities == 0 ? 0 : (heapAfter - heapBefore) / (double)entities;
                GC.KeepAlive(states);
                return new RuleBenchmarkResult(records.Count, records.Count == 0 ? 0 : (double)evaluations / records.Count, best, candidates,
                    entities, approximate, measured, records.Count == 0 ? 0 : allocated / records.Count);
            }
        }
        throw new UnreachableException();
    }
}
