namespace Lepton.Monitor.Training;

/// <summary>Summary statistics for the card's baseline.</summary>
internal static class Quantiles
{
    /// <summary>Levels used for every baseline quantile list.</summary>
    public static readonly double[] Levels = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

    /// <summary>Linear interpolation between order statistics (the common "type 7" definition).</summary>
    public static double[] Of(float[] values, IReadOnlyList<double> levels)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        var result = new double[levels.Count];
        for (var i = 0; i < levels.Count; i++)
        {
            var position = levels[i] * (sorted.Length - 1);
            var lo = (int)Math.Floor(position);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            result[i] = sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
        }
        return result;
    }

    public static (double Mean, double Std) MeanStd(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        var mean = sum / Math.Max(1, values.Length);
        double sq = 0;
        foreach (var v in values) sq += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(sq / Math.Max(1, values.Length)));
    }
}
