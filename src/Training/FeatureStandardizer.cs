namespace Lepton.Monitor.Training;

/// <summary>
/// Per-feature mean and standard deviation of a training matrix. The trainer learns on standardised inputs
/// and then folds (x − mean) / std into the first layer, so the exported graph takes raw features.
/// </summary>
internal sealed class FeatureStandardizer
{
    private FeatureStandardizer(double[] mean, double[] std)
    {
        Mean = mean;
        Std = std;
    }

    public double[] Mean { get; }

    /// <summary>Population standard deviation; 1 for a constant feature so folding never divides by zero.</summary>
    public double[] Std { get; }

    public static FeatureStandardizer Fit(ReadOnlySpan<float> rows, int features)
    {
        var n = rows.Length / features;
        var mean = new double[features];
        var sq = new double[features];
        for (var r = 0; r < n; r++)
        {
            var row = rows.Slice(r * features, features);
            for (var f = 0; f < features; f++) mean[f] += row[f];
        }
        for (var f = 0; f < features; f++) mean[f] /= Math.Max(1, n);
        for (var r = 0; r < n; r++)
        {
            var row = rows.Slice(r * features, features);
            for (var f = 0; f < features; f++)
            {
                var d = row[f] - mean[f];
                sq[f] += d * d;
            }
        }
        var std = new double[features];
        for (var f = 0; f < features; f++)
        {
            var s = Math.Sqrt(sq[f] / Math.Max(1, n));
            std[f] = s > 1e-9 ? s : 1.0;
        }
        return new FeatureStandardizer(mean, std);
    }
}
