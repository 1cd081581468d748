using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Drift.Tests.Support;

/// <summary>Seeded synthetic data and model-card-like references.</summary>
public static class Samples
{
    public static readonly double[] CardLevels = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static double[] Normal(int seed, int n, double mean = 0, double std = 1)
    {
        var rng = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = mean + std * Gaussian(rng);
        return values;
    }

    /// <summary>A standard-normal-shaped reference given as a model card would give it.</summary>
    public static ReferenceDistribution NormalCard(double mean = 0, double std = 1, double sampleCount = 240_000) =>
        ReferenceDistribution.FromQuantiles(CardLevels, CardLevels.Select(p => mean + std * InverseNormal(p)).ToArray(), mean, std,
            mean - 5 * std, mean + 5 * std, sampleCount);

    public static ReferenceDistribution FlagCard(double rate) =>
        ReferenceDistribution.FromQuantiles(CardLevels, CardLevels.Select(p => p > 1 - rate ? 1.0 : 0.0).ToArray(), rate,
            Math.Sqrt(rate * (1 - rate)), 0, 1, 240_000);

    public static double InverseNormal(double p)
    {
        // Bisection on the error function is plenty for tests.
        double lo = -10, hi = 10;
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            if (NormalCdf(mid) < p) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        // Numerical Recipes erfcc (fractional error < 1.2e-7).
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
