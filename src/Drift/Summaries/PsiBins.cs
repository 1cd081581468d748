namespace Lepton.Monitor.Drift.Summaries;

/// <summary>
/// The decile bins PSI was computed over, for a baseline-vs-current histogram: bin k is (UpperEdges[k−1], UpperEdges[k]]
/// with −∞ before the first edge and +∞ after the last, so there is one more share than edges. Shares sum to 1.
/// </summary>
public sealed record PsiBins(double[] UpperEdges, double[] ReferenceShares, double[] CurrentShares);
