using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// Learns a reference from the first records a monitor sees (<c>Lepton:Signals:Reference = first-window</c>): keeps
/// their values until <see cref="Target"/> records, then summarises each column by the same quantiles a model card has,
/// so the reference is built exactly like a card's and persists in a few hundred bytes.
/// </summary>
public sealed class ReferenceWindow(MonitoredColumns columns, int target)
{
    private readonly List<double>[] _values = [.. Enumerable.Range(0, columns.Columns.Length + 1).Select(_ => new List<double>())];

    public int Target { get; } = Math.Max(2, target);

    public int Count => _values[^1].Count;

    public bool IsComplete => Count >= Target;

    public void Add(ReadOnlySpan<float> row, double score)
    {
        for (var c = 0; c < row.Length; c++)
            _values[c].Add(row[c]);
        _values[^1].Add(score);
    }

    /// <summary>Per column (features in order, then the score): mean, std, min, max, count and the quantiles.</summary>
    public double[][] Summarize() => [.. _values.Select(v => Summarize(v, columns.QuantileLevels))];

    /// <summary>The references a summary describes (features named as in <paramref name="columns"/>).</summary>
    public static DriftReferenceSet Build(MonitoredColumns columns, double[][] summary)
    {
        var levels = columns.QuantileLevels;
        var features = new List<FeatureReference>(columns.Columns.Length);
        for (var c = 0; c < columns.Columns.Length; c++)
            features.Add(new FeatureReference(columns.References.Features[c].Name, FromSummary(levels, summary[c])));
        return new DriftReferenceSet(features, FromSummary(levels, summary[^1]));
    }

    private static ReferenceDistribution FromSummary(double[] levels, double[] s) =>
        ReferenceDistribution.FromQuantiles(levels, s.AsSpan(5), s[0], s[1], s[2], s[3], s[4]);

    private static double[] Summarize(List<double> values, double[] levels)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mean = sorted.Average();
        var std = Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, sorted.Length - 1));
        var summary = new double[5 + levels.Length];
        summary[0] = mean;
        summary[1] = std;
        summary[2] = sorted[0];
        summary[3] = sorted[^1];
        summary[4] = sorted.Length;
        // Nearest-rank quantiles: values that occur in the sample, so a 0/1 column stays two-valued (a discrete reference)
        // instead of gaining an interpolated 0.37 that would make it look continuous.
        for (var i = 0; i < levels.Length; i++)
            summary[5 + i] = sorted[(int)Math.Floor(levels[i] * (sorted.Length - 1))];
        return summary;
    }
}
