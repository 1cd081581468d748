namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>The model's score of one record and whether the truth file marks that record as one the model should catch.</summary>
public readonly record struct LabelledScore(double Score, bool Positive);
