namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>
/// How one rule kind did against the truth, counted in records: a planted record is found when any jurisdiction
/// alerted it with that kind; an alerted record not planted with the kind is a false positive.
/// </summary>
public sealed record KindScore(string Kind, int Planted, int AlertedRecords, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Null when nothing was alerted.</summary>
    public double? Precision => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Null when nothing was planted.</summary>
    public double? Recall => Planted == 0 ? null : (double)TruePositives / Planted;
}
