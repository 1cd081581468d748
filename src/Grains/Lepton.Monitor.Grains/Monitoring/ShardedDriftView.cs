using Lepton.Monitor.Contracts;
using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// One (tenant, jurisdiction)'s drift and fairness view merged from its shards' views. Each shard monitors the records
/// routed to it (a stable hash of the entity, so a random-like part of the population) against the same reference.
/// </summary>
/// <remarks>
/// What is exact and what is not:
/// <list type="bullet">
/// <item>Counts add (window records, column records, fairness records and alerted per group).</item>
/// <item>Fairness is recomputed from the summed counts: rates, eligibility, lowest/highest group, ratio, parity
/// difference, z and the four-fifths finding, with the monitor's own thresholds.</item>
/// <item>PSI is recomputed from the merged decile histogram (current shares weighted by records) when the shards share
/// the reference bins, which they do (one reference per jurisdiction); otherwise the largest shard PSI.</item>
/// <item>KS statistic, Wasserstein and Jensen–Shannon are the record-weighted mean of the shards' values: by convexity an
/// upper bound of the merged window's value, not the exact figure (the views carry no full histograms). The KS p-value is
/// the smallest shard's. Current mean is exact (weighted).</item>
/// <item>Drifted, dataset drift, episode and detector alarms: any shard's. Drift alerts stay per shard.</item>
/// <item>History is the largest shard's (by window records): shards check on their own schedules, so their points do
/// not line up; with a stable hash each shard is a sample of the same population.</item>
/// </list>
/// </remarks>
public static class ShardedDriftView
{
    private const double RatioTolerance = 1e-12;

    public static DriftView Merge(IReadOnlyList<DriftView> shards, FairnessMonitorOptions fairness)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(fairness);
        if (shards.Count == 0)
            throw new ArgumentException("at least one shard view is required", nameof(shards));
        if (shards.Count == 1)
            return shards[0];
        var first = shards[0];
        var largest = shards.MaxBy(s => s.WindowRecords)!;
        var checks = shards.Select(s => s.Current).OfType<DriftCheckView>().ToList();
        return new DriftView(first.Tenant, first.Jurisdiction, first.ModelId, first.FeatureNames,
            shards.Sum(s => s.WindowRecords),
            checks.Count == 0 ? null : MergeChecks(checks),
            largest.History,
            MergeFairness(shards.Select(s => s.Fairness).ToList(), fairness),
            shards.Max(s => s.FairnessCheckedAt),
            shards.Sum(s => s.SummaryMemoryBytes));
    }

    private static DriftCheckView MergeChecks(List<DriftCheckView> checks)
    {
        var features = checks.SelectMany(c => c.Features).GroupBy(f => f.Name, StringComparer.Ordinal)
            .Select(g => MergeColumn([.. g])).ToArray();
        var drifted = features.Count(f => f.Drifted);
        return new DriftCheckView(
            checks.Min(c => c.WindowStart), checks.Max(c => c.CheckedAt), checks.Sum(c => c.WindowRecords),
            features.Length == 0 ? 0 : drifted / (double)features.Length,
            checks.Any(c => c.DatasetDrift), checks.Any(c => c.Drifted),
            Worst(checks.Select(c => c.Verdict)),
            checks.Any(c => c.EpisodeActive),
            MergeColumn([.. checks.Select(c => c.Score)]),
            features,
            checks.Any(c => c.AdwinAlarm), checks.Any(c => c.PageHinkleyAlarm));
    }

    /// <summary>Drifted beats clean beats inconclusive: the merged verdict is the most alarming shard's.</summary>
    private static string Worst(IEnumerable<string> verdicts)
    {
        var all = verdicts.ToList();
        return all.Contains("drifted") ? "drifted" : all.Contains("clean") ? "clean" : all.FirstOrDefault() ?? "inconclusive";
    }

    public static DriftColumnView MergeColumn(IReadOnlyList<DriftColumnView> columns)
    {
        var records = columns.Sum(c => c.Records);
        double Weighted(Func<DriftColumnView, double> value) =>
            records > 0 ? columns.Sum(c => value(c) * c.Records) / records : columns.Average(value);
        var bins = MergedBins(columns, records);
        var psi = bins is { } b ? Finite(PopulationStabilityIndex.FromShares(b.Reference, b.Current)) : columns.Max(c => c.Psi);
        var js = columns.All(c => c.JensenShannon is null) ? (double?)null : Weighted(c => c.JensenShannon ?? 0);
        var reasons = string.Join(", ", columns.SelectMany(c => c.Reasons.Split(", ", StringSplitOptions.RemoveEmptyEntries))
            .Where(r => r != "None").Distinct(StringComparer.Ordinal));
        return new DriftColumnView(columns[0].Name, records, psi,
            Weighted(c => c.KsStatistic), columns.Min(c => c.KsPValue), columns.Max(c => c.KsMaxError),
            Weighted(c => c.Wasserstein), Weighted(c => c.WassersteinNormed), js,
            Weighted(c => c.CurrentMean), columns[0].ReferenceMean,
            columns.Any(c => c.Drifted), reasons.Length == 0 ? "None" : reasons,
            bins?.Edges ?? columns[0].BinEdges, bins?.Reference ?? columns[0].ReferenceShares, bins?.Current ?? columns[0].CurrentShares);
    }

    /// <summary>The shards' current shares weighted by their records, when every shard with records has the same reference bins.</summary>
    private static (double[] Edges, double[] Reference, double[] Current)? MergedBins(IReadOnlyList<DriftColumnView> columns, long records)
    {
        var withData = columns.Where(c => c.Records > 0).ToList();
        if (records <= 0 || withData.Count == 0 || withData.Any(c => c.BinEdges is null || c.ReferenceShares is null || c.CurrentShares is null))
            return null;
        var model = withData[0];
        foreach (var c in withData)
        {
            if (!c.BinEdges!.SequenceEqual(model.BinEdges!) || !c.ReferenceShares!.SequenceEqual(model.ReferenceShares!)
                || c.CurrentShares!.Length != model.CurrentShares!.Length)
                return null;
        }
        var current = new double[model.CurrentShares!.Length];
        foreach (var c in withData)
            for (var k = 0; k < current.Length; k++)
                current[k] += c.CurrentShares![k] * c.Records / records;
        return (model.BinEdges!, model.ReferenceShares!, current);
    }

    public static FairnessAttributeView[] MergeFairness(IReadOnlyList<FairnessAttributeView[]> shards, FairnessMonitorOptions options)
    {
        if (shards.Count == 1)
            return shards[0];
        return [.. shards.SelectMany(s => s).GroupBy(a => a.Attribute, StringComparer.Ordinal).Select(attribute =>
        {
            var groups = attribute.SelectMany(a => a.Groups).GroupBy(g => g.Group, StringComparer.Ordinal).Select(g =>
            {
                long records = g.Sum(x => x.Records), alerted = g.Sum(x => x.Alerted);
                return new GroupAlertRate(g.Key, records, alerted, records > 0 ? alerted / (double)records : 0, records >= options.MinimumRecordsPerGroup);
            }).ToList();
            // The same rule as FairnessMonitor.Check, over the summed counts.
            var eligible = groups.Where(x => x.Eligible).ToList();
            GroupAlertRate? lowest = null, highest = null;
            double ratio = 1, difference = 0, z = 0;
            if (eligible.Count >= 2)
            {
                lowest = eligible.MinBy(x => x.Rate)!;
                highest = eligible.MaxBy(x => x.Rate)!;
                difference = highest.Rate - lowest.Rate;
                ratio = highest.Rate > 0 ? lowest.Rate / highest.Rate : 1;
                z = FairnessMonitor.TwoProportionZ(highest, lowest);
            }
            var finding = eligible.Count >= 2 && ratio < options.MinimumRateRatio - RatioTolerance && z >= options.MinimumZScore;
            return new FairnessAttributeView(attribute.Key,
                [.. groups.Select(g => new FairnessGroupView(g.Group, g.Records, g.Alerted, g.Rate, g.Eligible))],
                lowest?.Group, highest?.Group, ratio, difference, finding);
        })];
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
