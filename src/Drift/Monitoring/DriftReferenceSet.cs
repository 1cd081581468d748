using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// A model's references (one per feature, one for the score) with their histogram layouts, built once per model
/// version and shared by every <see cref="DriftMonitor"/> of that model so each monitor holds only its counters.
/// </summary>
public sealed class DriftReferenceSet
{
    public DriftReferenceSet(IReadOnlyList<FeatureReference> features, ReferenceDistribution score, int subBins = 4)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(score);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in features)
            if (!names.Add(f.Name))
                throw new ArgumentException($"feature '{f.Name}' appears twice");
        Features = [.. features];
        Score = score;
        SubBins = subBins;
        FeatureLayouts = [.. features.Select(f => new HistogramLayout(f.Reference, subBins))];
        ScoreLayout = new HistogramLayout(score, subBins);
        var h = StableHash.Add(StableHash.Seed, Features.Count);
        for (var i = 0; i < Features.Count; i++)
        {
            h = StableHash.Add(h, Features[i].Name);
            h = StableHash.Add(h, (long)FeatureLayouts[i].Fingerprint);
        }
        Fingerprint = StableHash.Add(h, (long)ScoreLayout.Fingerprint);
    }

    public IReadOnlyList<FeatureReference> Features { get; }
    public ReferenceDistribution Score { get; }
    public int SubBins { get; }
    public IReadOnlyList<HistogramLayout> FeatureLayouts { get; }
    public HistogramLayout ScoreLayout { get; }

    /// <summary>Identifies the references and layouts; a snapshot taken under another set is not restored.</summary>
    public ulong Fingerprint { get; }
}
