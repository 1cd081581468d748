namespace Lepton.Monitor.Drift.Summaries;

/// <summary>
/// Drift metrics of one window summary against its reference, each with the worst-case error the summary allows:
/// the exact statistic lies in [KsStatistic, KsStatistic + KsMaxError] and within ±WassersteinMaxError of
/// <see cref="Wasserstein"/>; PSI is exact. Jensen–Shannon is NaN for a continuous reference.
/// </summary>
public readonly record struct SummaryDriftMetrics(
    long Records,
    double KsStatistic,
    double KsPValue,
    double KsMaxError,
    double Psi,
    double Wasserstein,
    double WassersteinNormed,
    double WassersteinMaxError,
    double JensenShannon,
    double CurrentMean)
{
    /// <summary>The reference's and the window's shares in PSI's bins (null for an empty window).</summary>
    public PsiBins? Bins { get; init; }

    public static SummaryDriftMetrics Empty { get; } =
        new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
