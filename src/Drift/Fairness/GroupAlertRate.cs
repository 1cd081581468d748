namespace Lepton.Monitor.Drift.Fairness;

/// <summary>One group's records and alerted records in the window; <see cref="Eligible"/> when it has enough records to compare.</summary>
public sealed record GroupAlertRate(string Group, long Records, long Alerted, double Rate, bool Eligible);
