namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>
/// One rule kind against the truth, counted in records: <paramref name="Planted"/> is the support,
/// <paramref name="Alerted"/> the records the kind alerted. <paramref name="HasTruth"/> false (the model rule, which
/// the generator plants nothing for) shows the counts without precision and recall.
/// </summary>
public sealed record KindScoreRow(string Kind, long Planted, long Alerted, long TruePositives, long FalsePositives, long FalseNegatives, bool HasTruth = true)
{
    /// <summary>TP / (TP + FP); null when the kind alerted nothing or has no truth.</summary>
    public double? Precision => !HasTruth || TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / planted; null when nothing was planted or the kind has no truth.</summary>
    public double? Recall => !HasTruth || Planted == 0 ? null : (double)TruePositives / Planted;

    /// <summary>Harmonic mean of precision and recall; null when either is, 0 when both are 0.</summary>
    public double? F1 => Precision is { } p && Recall is { } r ? (p + r == 0 ? 0 : 2 * p * r / (p + r)) : null;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Kind))
            throw new ReportInputException("a kind row has no kind name");
        if (Planted < 0 || Alerted < 0 || TruePositives < 0 || FalsePositives < 0 || FalseNegatives < 0)
            throw new ReportInputException($"kind '{Kind}': counts must not be negative");
        if (HasTruth && TruePositives > Planted)
            throw new ReportInputException($"kind '{Kind}': {TruePositives} true positives but only {Planted} planted");
        if (HasTruth && TruePositives + FalseNegatives != Planted)
            throw new ReportInputException($"kind '{Kind}': TP {TruePositives} + FN {FalseNegatives} must equal planted {Planted}");
    }
}
