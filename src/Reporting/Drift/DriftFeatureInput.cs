namespace Lepton.Monitor.Reporting.Drift;

/// <summary>One feature (CSV column) of a drift comparison: its statistics, the verdict, and the two distributions to draw (null: table row only).</summary>
public sealed record DriftFeatureInput(string Name, IReadOnlyList<DriftMetric> Metrics, bool Drifted, FeatureHistogram? Histogram)
{
    /// <summary>Why it drifted (e.g. "psi, kolmogorovSmirnov"), shown in the table.</summary>
    public string? Reasons { get; init; }
}
