using Lepton.Monitor.Drift.Streaming;

namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// When a <see cref="DriftMonitor"/> checks and what it calls drift. Defaults follow common practice: PSI ≥ 0.2
/// (significant shift), KS p &lt; 0.05 once the window holds at least 200 records, normalised Wasserstein ≥ 0.1 and
/// Jensen–Shannon ≥ 0.1 for discrete columns (Evidently's thresholds), dataset drift when at least half the features
/// drift.
/// </summary>
public sealed record DriftMonitorOptions
{
    /// <summary>Check once the window holds this many records.</summary>
    public int CheckEveryRecords { get; init; } = 10_000;

    /// <summary>…or once this much time has passed since the window opened (and it holds <see cref="MinimumRecordsForDecision"/>).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Below this many records a check is inconclusive: metrics are reported but nothing is called drift.</summary>
    public int MinimumRecordsForDecision { get; init; } = 100;

    /// <summary>KS's p-value counts only from this window size on.</summary>
    public int KsMinimumRecords { get; init; } = 200;

    public double PsiThreshold { get; init; } = 0.2;
    public double KsPValueThreshold { get; init; } = 0.05;

    /// <summary>
    /// KS level for the score. The score alone opens an alert episode, so at 0.05 one check in twenty of a stationary
    /// stream would raise a drift alert; features only count toward the dataset share, where chance hits average out.
    /// </summary>
    public double ScoreKsPValueThreshold { get; init; } = 0.001;
    public double WassersteinNormedThreshold { get; init; } = 0.1;
    public double JensenShannonThreshold { get; init; } = 0.1;

    /// <summary>Share of drifted features at or above which the whole dataset is drifted.</summary>
    public double DatasetDriftShare { get; init; } = 0.5;

    /// <summary>Sub-bins per reference knot interval of each histogram (finer: tighter Wasserstein bound, more memory).</summary>
    public int HistogramSubBins { get; init; } = 4;

    /// <summary>Check results kept for charts (a ring: the oldest is dropped).</summary>
    public int HistoryCapacity { get; init; } = 288;

    /// <summary>Consecutive clean checks that end a drift episode.</summary>
    public int CleanChecksToResolve { get; init; } = DriftMonitorDefaults.CleanChecksToResolve;

    /// <summary>Run ADWIN and Page–Hinkley on every score between checks.</summary>
    public bool StreamingDetectors { get; init; } = true;

    public double AdwinDelta { get; init; } = 0.002;
    public double PageHinkleyDelta { get; init; } = 0.005;
    public double PageHinkleyThreshold { get; init; } = 50;
    public int PageHinkleyMinInstances { get; init; } = 30;
    public double PageHinkleyAlpha { get; init; } = 1 - 0.0001;
    public PageHinkleyDirection PageHinkleyDirection { get; init; } = PageHinkleyDirection.Up;
}
