namespace Lepton.Monitor.Training;

/// <summary>
/// Weights of the F → H → 1 perceptron (ReLU hidden layer, sigmoid output) in the layout the ONNX graph uses:
/// <c>W1</c> is [H, F] row-major (Gemm with transB = 1), <c>W2</c> is [1, H]. <see cref="Predict"/> is the
/// reference forward pass the exported graph is checked against.
/// </summary>
internal sealed class MlpWeights
{
    public MlpWeights(int inputs, int hidden, float[] w1, float[] b1, float[] w2, float b2)
    {
        if (w1.Length != inputs * hidden || b1.Length != hidden || w2.Length != hidden)
            throw new ArgumentException("weight shapes do not match inputs × hidden");
        Inputs = inputs;
        Hidden = hidden;
        W1 = w1;
        B1 = b1;
        W2 = w2;
        B2 = b2;
    }

    public int Inputs { get; }
    public int Hidden { get; }
    public float[] W1 { get; }
    public float[] B1 { get; }
    public float[] W2 { get; }
    public float B2 { get; }

    /// <summary>Forward pass in double precision on raw (unstandardised) features.</summary>
    public double Predict(ReadOnlySpan<float> x)
    {
        double logit = B2;
        for (var h = 0; h < Hidden; h++)
        {
            double z = B1[h];
            var row = W1.AsSpan(h * Inputs, Inputs);
            for (var f = 0; f < Inputs; f++)
                z += (double)row[f] * x[f];
            if (z > 0)
                logit += W2[h] * z;
        }
        return 1.0 / (1.0 + Math.Exp(-logit));
    }

    /// <summary>Random weights (for tests of the exporter), reproducible by seed.</summary>
    public static MlpWeights Random(int inputs, int hidden, int seed)
    {
        var random = new Random(seed);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        var w1 = new float[inputs * hidden];
        var b1 = new float[hidden];
        var w2 = new float[hidden];
        for (var i = 0; i < w1.Length; i++) w1[i] = Next();
        for (var i = 0; i < hidden; i++) b1[i] = Next();
        for (var i = 0; i < hidden; i++) w2[i] = Next();
        return new MlpWeights(inputs, hidden, w1, b1, w2, Next());
    }
}
