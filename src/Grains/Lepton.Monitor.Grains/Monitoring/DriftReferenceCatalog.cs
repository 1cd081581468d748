using System.Collections.Concurrent;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Summaries;
using Lepton.Monitor.Scoring;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// The drift references of each model version, built once from its card's baseline (per-feature quantiles, mean, std,
/// min, max; the held-out score quantiles) and shared by every monitor grain of the silo, so a grain holds only counters.
/// Features in <see cref="SignalOptions.IgnoredFeatures"/> are left out (see there why).
/// </summary>
public sealed class DriftReferenceCatalog(IOptions<SignalOptions> options)
{
    private readonly ConcurrentDictionary<string, MonitoredColumns> _sets = new(StringComparer.Ordinal);

    public MonitoredColumns For(ModelInfo model) => _sets.GetOrAdd(model.ModelId, _ => Build(model.Card, options.Value.IgnoredFeatures));

    /// <summary>The columns of <paramref name="card"/> that are monitored, with their card references.</summary>
    public static MonitoredColumns Build(ModelCard card, IReadOnlyCollection<string> ignored)
    {
        var levels = card.Baseline.QuantileLevels.ToArray();
        var columns = new List<int>();
        var features = new List<FeatureReference>();
        for (var i = 0; i < card.Baseline.Features.Count; i++)
        {
            var f = card.Baseline.Features[i];
            if (ignored.Contains(f.Name))
                continue;
            columns.Add(i);
            features.Add(new FeatureReference(f.Name,
                ReferenceDistribution.FromQuantiles(levels, f.Quantiles.ToArray(), f.Mean, f.Std, f.Min, f.Max, card.Training.Rows)));
        }
        var s = card.Baseline.Score;
        var score = ReferenceDistribution.FromQuantiles(levels, s.Quantiles.ToArray(), s.Mean, s.Std, 0, 1, card.Metrics.HeldOutRows);
        return new MonitoredColumns(new DriftReferenceSet(features, score), [.. columns], levels);
    }
}
