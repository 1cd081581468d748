namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>
/// The precision-recall curve of a score against truth labels: one point per distinct score, from the highest threshold
/// (lowest recall) down, with ties taken together — the points scikit-learn's <c>precision_recall_curve</c> gives, without
/// its artificial (recall 0, precision 1) end. Average precision is Σ (Rₙ − Rₙ₋₁) Pₙ, as <c>average_precision_score</c>.
/// </summary>
public sealed class PrecisionRecallCurve
{
    private PrecisionRecallCurve(IReadOnlyList<PrecisionRecallPoint> points, long positives, long negatives, double averagePrecision, double[] sortedScores, bool[] sortedLabels)
    {
        Points = points;
        Positives = positives;
        Negatives = negatives;
        AveragePrecision = averagePrecision;
        _sortedScores = sortedScores;
        _sortedLabels = sortedLabels;
    }

    private readonly double[] _sortedScores; // descending
    private readonly bool[] _sortedLabels;

    public IReadOnlyList<PrecisionRecallPoint> Points { get; }
    public long Positives { get; }
    public long Negatives { get; }
    public double AveragePrecision { get; }

    /// <summary>The curve of <paramref name="scores"/>; needs at least one positive (recall is undefined without one) and finite scores.</summary>
    public static PrecisionRecallCurve From(IReadOnlyList<LabelledScore> scores)
    {
        var n = scores.Count;
        var s = new double[n];
        var labels = new bool[n];
        long positives = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(scores[i].Score))
                throw new ReportInputException($"model score {i} is {scores[i].Score}, not a finite number");
            s[i] = -scores[i].Score; // ascending sort of the negation = descending scores
            labels[i] = scores[i].Positive;
            if (labels[i]) positives++;
        }
        if (positives == 0)
            throw new ReportInputException("no record is labelled positive: recall, and so the precision-recall curve, is undefined");
        Array.Sort(s, labels);
        for (var i = 0; i < n; i++) s[i] = -s[i];

        var points = new List<PrecisionRecallPoint>();
        long tp = 0, fp = 0;
        double ap = 0, previousRecall = 0;
        for (var i = 0; i < n;)
        {
            var threshold = s[i];
            for (; i < n && s[i] == threshold; i++)
            {
                if (labels[i]) tp++;
                else fp++;
            }
            var precision = (double)tp / (tp + fp);
            var recall = (double)tp / positives;
            points.Add(new PrecisionRecallPoint(threshold, tp, fp, precision, recall));
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }
        return new PrecisionRecallCurve(points, positives, n - positives, ap, s, labels);
    }

    /// <summary>
    /// The rule's operating point: everything scored at or above <paramref name="threshold"/> alerted. Precision is NaN
    /// when nothing reaches the threshold.
    /// </summary>
    public PrecisionRecallPoint At(double threshold)
    {
        long tp = 0, fp = 0;
        for (var i = 0; i < _sortedScores.Length && _sortedScores[i] >= threshold; i++)
        {
            if (_sortedLabels[i]) tp++;
            else fp++;
        }
        return new PrecisionRecallPoint(threshold, tp, fp, tp + fp == 0 ? double.NaN : (double)tp / (tp + fp), (double)tp / Positives);
    }
}
