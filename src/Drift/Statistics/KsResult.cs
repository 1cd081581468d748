namespace Lepton.Monitor.Drift.Statistics;

/// <summary>A Kolmogorov–Smirnov statistic D (largest CDF gap, in [0, 1]) and its asymptotic two-sided p-value.</summary>
public readonly record struct KsResult(double Statistic, double PValue);
