namespace Lepton.Monitor.Scoring;

/// <summary>
/// Scores a fixed batch of realistic feature rows (the training generator's records, seed 20261123) on two backends and
/// returns the largest absolute difference: the GPU backend serves only when it agrees with ONNX Runtime CPU.
/// </summary>
public static class ParityProbe
{
    public const int Rows = 256;
    public const double Fp32Tolerance = 1e-5;
    public const double Tf32Tolerance = 1e-3;

    public static float[] Features()
    {
        var extractor = new FeatureExtractor(FixedRateCurrencyConverter.Default);
        var features = new float[Rows * FeatureExtractor.FeatureCount];
        var i = 0;
        foreach (var labelled in new SyntheticTransactionGenerator(20261123).Generate(Rows))
            extractor.Extract(labelled.Record, features.AsSpan(i++ * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount));
        return features;
    }

    /// <summary>The largest difference when it is within <paramref name="tolerance"/>.</summary>
    /// <exception cref="GpuUnavailableException">The candidate disagrees with the reference: it must not serve.</exception>
    public static double Require(IInferenceBackend candidate, IInferenceBackend reference, double tolerance)
    {
        var difference = MaxDifference(candidate, reference);
        if (!(difference <= tolerance))
            throw new GpuUnavailableException($"parity probe failed: GPU and ONNX Runtime CPU differ by {difference:G3} > {tolerance:G1} on {Rows} rows");
        return difference;
    }

    public static double MaxDifference(IInferenceBackend candidate, IInferenceBackend reference)
    {
        var features = Features();
        var a = new float[Rows];
        var b = new float[Rows];
        candidate.Run(features, Rows, a);
        reference.Run(features, Rows, b);
        var max = 0.0;
        for (var i = 0; i < Rows; i++)
            max = Math.Max(max, float.IsFinite(a[i]) ? Math.Abs(a[i] - b[i]) : double.PositiveInfinity);
        return max;
    }
}
