namespace Lepton.Monitor.Drift.Offline;

/// <summary>Thresholds of `lepton drift`, the same defaults as the live monitor.</summary>
public sealed record OfflineDriftOptions
{
    public double PsiThreshold { get; init; } = 0.2;
    public double KsPValueThreshold { get; init; } = 0.05;

    /// <summary>KS's p-value counts only when the current sample has at least this many values.</summary>
    public int KsMinimumRecords { get; init; } = 200;

    public double WassersteinNormedThreshold { get; init; } = 0.1;
    public double JensenShannonThreshold { get; init; } = 0.1;
    public double DatasetDriftShare { get; init; } = 0.5;
}
