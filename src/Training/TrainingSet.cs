using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Training;

/// <summary>
/// The labelled feature matrix every model family trains on: generated <see cref="Contracts.MonitoredRecord"/>s run
/// through <see cref="FeatureExtractor"/>, the same class and method serving calls, so training and serving features
/// are one code path (the parity test in the test project holds it to that).
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(float[] x, bool[] y, float[] latent)
    {
        X = x;
        Y = y;
        Latent = latent;
    }

    public const int Width = FeatureExtractor.FeatureCount;

    /// <summary>Row-major [Rows, Width] features.</summary>
    public float[] X { get; }
    public bool[] Y { get; }

    /// <summary>The generator's hidden risk probability per row (the ROC-AUC ceiling reported on the card).</summary>
    public float[] Latent { get; }
    public int Rows => Y.Length;

    /// <summary>Rows from <see cref="SyntheticTransactionGenerator"/>(<paramref name="seed"/>), features at training's fixed rates.</summary>
    public static TrainingSet Generate(int seed, int rows)
    {
        var extractor = new FeatureExtractor(FixedRateCurrencyConverter.Default);
        var generator = new SyntheticTransactionGenerator(seed);
        var x = new float[rows * Width];
        var y = new bool[rows];
        var latent = new float[rows];
        var index = 0;
        foreach (var labelled in generator.Generate(rows))
        {
            extractor.Extract(labelled.Record, x.AsSpan(index * Width, Width));
            latent[index] = (float)labelled.RiskProbability;
            y[index++] = labelled.IsRisky;
        }
        return new TrainingSet(x, y, latent);
    }
}
