namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>
/// Scores binned separately by truth label over shared edges: [0, 1] when every score lies there (a probability), else
/// the scores' own range.
/// </summary>
public sealed record LabelledHistogram(double[] Edges, long[] Positive, long[] Negative)
{
    public static LabelledHistogram From(IReadOnlyList<LabelledScore> scores, int bins)
    {
        if (scores.Count == 0)
            throw new ReportInputException("no model scores to bin");
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            if (!double.IsFinite(s.Score))
                throw new ReportInputException($"model score {s.Score} is not a finite number");
            min = Math.Min(min, s.Score);
            max = Math.Max(max, s.Score);
        }
        var edges = min >= 0 && max <= 1 ? Binning.EqualWidthEdges(0, 1, bins) : Binning.EqualWidthEdges(min, max, bins);
        var positive = new long[edges.Length - 1];
        var negative = new long[edges.Length - 1];
        foreach (var s in scores)
        {
            var i = Binning.IndexOf(s.Score, edges);
            if (s.Positive) positive[i]++;
            else negative[i]++;
        }
        return new LabelledHistogram(edges, positive, negative);
    }
}
