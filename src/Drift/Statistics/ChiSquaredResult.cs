namespace Lepton.Monitor.Drift.Statistics;

/// <summary>A chi-squared statistic, its degrees of freedom and the upper-tail p-value.</summary>
public readonly record struct ChiSquaredResult(double Statistic, int DegreesOfFreedom, double PValue);
