using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// One column's drift in one check window. The statistics come from a bounded summary: the exact KS statistic lies in
/// [KsStatistic, KsStatistic + KsMaxError], the exact Wasserstein within ±WassersteinMaxError; PSI is exact.
/// JensenShannon is NaN for numeric columns, and every statistic is NaN for an empty window: map NaN to null when
/// serialising (System.Text.Json refuses NaN by default).
/// </summary>
public sealed record FeatureDriftMetrics(
    string Name,
    ColumnKind Kind,
    long Records,
    long Missing,
    double KsStatistic,
    double KsPValue,
    double KsMaxError,
    double Psi,
    double Wasserstein,
    double WassersteinNormed,
    double WassersteinMaxError,
    double JensenShannon,
    double CurrentMean,
    double ReferenceMean,
    bool Drifted,
    DriftReasons Reasons)
{
    /// <summary>Reference and window shares in PSI's bins, for charts; not kept in snapshots (null after a restore until the next check).</summary>
    public PsiBins? Bins { get; init; }
}
