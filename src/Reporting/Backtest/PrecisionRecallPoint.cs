namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>Predicting positive every record scored at or above <paramref name="Threshold"/>: what that finds and how cleanly.</summary>
public sealed record PrecisionRecallPoint(double Threshold, long TruePositives, long FalsePositives, double Precision, double Recall);
