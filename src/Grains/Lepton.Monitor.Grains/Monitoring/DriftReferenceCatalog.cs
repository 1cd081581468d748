using System.Collections.Concurrent;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Summaries;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// The drift references of each model version, built once from its card's baseline (per-feature quantiles, mean, std,
/// min, max; the held-out score quantiles) and shared by every monitor grain of the silo, so a grain holds only counters.
/// </summary>
public sealed class DriftReferenceCatalog
{
    private readonly ConcurrentDictionary<string, DriftReferenceSet> _sets = new(StringComparer.Ordinal);

    public DriftReferenceSet For(ModelInfo model) => _sets.GetOrAdd(model.ModelId, _ => Build(model.Card));

    public static DriftReferenceSet Build(ModelCard card)
    {
        var levels = card.Baseline.QuantileLevels.ToArray();
        var features = card.Baseline.Features.Select(f => new FeatureReference(f.Name,
            ReferenceDistribution.FromQuantiles(levels, f.Quantiles.ToArray(), f.Mean, f.Std, f.Min, f.Max, card.Training.Rows))).ToList();
        var s = card.Baseline.Score;
        var score = ReferenceDistribution.FromQuantiles(levels, s.Quantiles.ToArray(), s.Mean, s.Std, 0, 1, card.Metrics.HeldOutRows);
        return new DriftReferenceSet(features, score);
    }
}
