namespace Lepton.Monitor.Training;

/// <summary>
/// Deterministic mini-batch Adam trainer for the F → H → 1 perceptron with binary cross-entropy.
/// Single-threaded with a seeded shuffle, so the same data and settings give bit-identical weights.
/// </summary>
internal static class MlpTrainer
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    /// <summary>Trains on raw feature rows (row-major, <paramref name="features"/> wide) and returns weights with standardisation folded in.</summary>
    public static MlpWeights Train(ReadOnlySpan<float> rows, ReadOnlySpan<bool> labels, int features, FeatureStandardizer standardizer, MlpTrainerSettings settings, IProgress<long>? progress = null)
    {
        var n = labels.Length;
        if (rows.Length != n * features)
            throw new ArgumentException("rows and labels disagree");
        var hidden = settings.Hidden;
        var random = new Random(settings.Seed);

        // Standardised copy: the optimiser behaves far better on unit-scale inputs.
        var x = new double[n * features];
        for (var r = 0; r < n; r++)
            for (var f = 0; f < features; f++)
                x[r * features + f] = (rows[r * features + f] - standardizer.Mean[f]) / standardizer.Std[f];
        var y = labels.ToArray();

        var positives = 0;
        foreach (var label in y) if (label) positives++;
        var prior = Math.Clamp((double)positives / Math.Max(1, n), 1e-4, 1 - 1e-4);

        // Parameters in one vector (w1 | b1 | w2 | b2) so Adam is a single loop.
        var w1Off = 0;
        var b1Off = hidden * features;
        var w2Off = b1Off + hidden;
        var b2Off = w2Off + hidden;
        var p = new double[b2Off + 1];
        var heScale = Math.Sqrt(2.0 / features);
        for (var i = 0; i < hidden * features; i++) p[w1Off + i] = heScale * Gaussian(random);
        for (var h = 0; h < hidden; h++) p[w2Off + h] = Math.Sqrt(1.0 / hidden) * Gaussian(random);
        p[b2Off] = Math.Log(prior / (1 - prior)); // start at the base rate instead of 0.5

        var grad = new double[p.Length];
        var m = new double[p.Length];
        var v = new double[p.Length];
        var z1 = new double[hidden];
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        long step = 0;

        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            progress?.Report(epoch);
            // Cosine decay: large steps early, fine-tuning at the end.
            var lr = settings.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / settings.Epochs));
            Shuffle(order, random);
            for (var start = 0; start < n; start += settings.BatchSize)
            {
                var end = Math.Min(n, start + settings.BatchSize);
                Array.Clear(grad);
                for (var k = start; k < end; k++)
                {
                    var r = order[k];
                    var row = x.AsSpan(r * features, features);
                    var logit = p[b2Off];
                    for (var h = 0; h < hidden; h++)
                    {
                        var z = p[b1Off + h];
                        var w = p.AsSpan(w1Off + h * features, features);
                        for (var f = 0; f < features; f++) z += w[f] * row[f];
                        z1[h] = z;
                        if (z > 0) logit += p[w2Off + h] * z;
                    }
                    var dLogit = Sigmoid(logit) - (y[r] ? 1.0 : 0.0);
                    grad[b2Off] += dLogit;
                    for (var h = 0; h < hidden; h++)
                    {
                        if (z1[h] <= 0) continue;
                        grad[w2Off + h] += dLogit * z1[h];
                        var dz = dLogit * p[w2Off + h];
                        grad[b1Off + h] += dz;
                        var g = grad.AsSpan(w1Off + h * features, features);
                        for (var f = 0; f < features; f++) g[f] += dz * row[f];
                    }
                }

                step++;
                var scale = 1.0 / (end - start);
                var correction1 = 1 - Math.Pow(Beta1, step);
                var correction2 = 1 - Math.Pow(Beta2, step);
                for (var i = 0; i < p.Length; i++)
                {
                    var g = grad[i] * scale;
                    if (i < b1Off || (i >= w2Off && i < b2Off)) g += settings.L2 * p[i]; // decay weights, not biases
                    m[i] = Beta1 * m[i] + (1 - Beta1) * g;
                    v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
                    p[i] -= lr * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + Epsilon);
                }
            }
        }
        progress?.Report(settings.Epochs); // every epoch is done (each one reported the epochs before it)

        return Fold(p, features, hidden, standardizer);
    }

    /// <summary>W1' = W1 / std, b1' = b1 − W1 · (mean / std): the same function of raw inputs.</summary>
    private static MlpWeights Fold(double[] p, int features, int hidden, FeatureStandardizer s)
    {
        var b1Off = hidden * features;
        var w2Off = b1Off + hidden;
        var w1 = new float[hidden * features];
        var b1 = new float[hidden];
        var w2 = new float[hidden];
        for (var h = 0; h < hidden; h++)
        {
            var bias = p[b1Off + h];
            for (var f = 0; f < features; f++)
            {
                var w = p[h * features + f] / s.Std[f];
                w1[h * features + f] = (float)w;
                bias -= w * s.Mean[f];
            }
            b1[h] = (float)bias;
            w2[h] = (float)p[w2Off + h];
        }
        return new MlpWeights(features, hidden, w1, b1, w2, (float)p[w2Off + hidden]);
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    private static void Shuffle(int[] order, Random random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
