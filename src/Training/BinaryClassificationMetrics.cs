namespace Lepton.Monitor.Training;

/// <summary>Precision/recall/F1 at a threshold and threshold-free ROC-AUC for a binary scorer.</summary>
public sealed record BinaryClassificationMetrics(
    double Threshold,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    double RocAuc)
{
    public int Rows => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;
    public int Positives => TruePositives + FalseNegatives;
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => Positives == 0 ? 0 : (double)TruePositives / Positives;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>A score at or above <paramref name="threshold"/> counts as a positive prediction.</summary>
    public static BinaryClassificationMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, double threshold)
    {
        var (tp, fp, fn, tn) = Confusion(scores, labels, threshold);
        return new BinaryClassificationMetrics(threshold, tp, fp, fn, tn, RocAucOf(scores, labels));
    }

    private static (int Tp, int Fp, int Fn, int Tn) Confusion(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, double threshold)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException("scores and labels differ in length");
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var predicted = scores[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }
        return (tp, fp, fn, tn);
    }

    /// <summary>
    /// ROC-AUC as the Mann–Whitney statistic: the probability that a random positive outscores a random
    /// negative, ties counting one half (average ranks). 0.5 when a class is empty.
    /// </summary>
    public static double RocAucOf(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var n = scores.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);

        double positiveRankSum = 0;
        long positives = 0;
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            var averageRank = (start + end) / 2.0 + 1.0; // 1-based
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }

        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
            return 0.5;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>The threshold in [0.05, 0.95] (step 0.01) with the best F1 on the given scores; picks serving thresholds on training data.</summary>
    public static double BestF1Threshold(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var best = 0.5;
        var bestF1 = -1.0;
        for (var step = 5; step <= 95; step++)
        {
            var threshold = step / 100.0;
            var (tp, fp, fn, _) = Confusion(scores, labels, threshold);
            var f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            if (f1 > bestF1 + 1e-12)
            {
                bestF1 = f1;
                best = threshold;
            }
        }
        return best;
    }
}
