using Lepton.Monitor.Compliance.PeerBenchmarks;

namespace Lepton.Monitor.Compliance.Tests.PeerBenchmarks;

public sealed class DiscreteLaplaceSamplerTests
{
    [Theory]
    [InlineData(1, 2)]  // γ = 0.5
    [InlineData(1, 1)]  // γ = 1
    [InlineData(5, 2)]  // γ = 2.5 (the ⌊γ⌋ loop)
    [InlineData(0, 7)]  // γ = 0: always 1
    public void Bernoulli_exp_minus_gamma_has_the_right_frequency(long numerator, long denominator)
    {
        var sampler = new DiscreteLaplaceSampler(new SeededRandomIntegers(17));
        const int draws = 200_000;
        var ones = 0;
        for (var i = 0; i < draws; i++)
        {
            if (sampler.BernoulliExpMinus(numerator, denominator))
                ones++;
        }
        var expected = Math.Exp(-(double)numerator / denominator);
        // Standard error ≤ 0.0012 at 200k draws; 0.005 is > 4 of them.
        Assert.InRange((double)ones / draws, expected - 0.005, expected + 0.005);
    }

    [Theory]
    [InlineData(1, 2)]   // scale 2
    [InlineData(2, 1)]   // scale 0.5
    [InlineData(3, 10)]  // scale 3.33
    public void Mean_and_variance_match_the_discrete_laplace(long s, long t)
    {
        var sampler = new DiscreteLaplaceSampler(new SeededRandomIntegers(2026));
        const int draws = 200_000;
        double sum = 0, sumSquares = 0;
        var zeros = 0;
        for (var i = 0; i < draws; i++)
        {
            var z = sampler.Sample(s, t);
            sum += z;
            sumSquares += (double)z * z;
            if (z == 0)
                zeros++;
        }
        // P[Z = z] ∝ a^|z| with a = exp(−s/t): mean 0, variance 2a / (1 − a)², P[Z = 0] = (1 − a) / (1 + a).
        var a = Math.Exp(-(double)s / t);
        var variance = 2 * a / ((1 - a) * (1 - a));
        var mean = sum / draws;
        var sampleVariance = sumSquares / draws - mean * mean;
        Assert.InRange(mean, -6 * Math.Sqrt(variance / draws), 6 * Math.Sqrt(variance / draws));
        Assert.InRange(sampleVariance, variance * 0.96, variance * 1.04);
        Assert.InRange((double)zeros / draws, (1 - a) / (1 + a) - 0.006, (1 - a) / (1 + a) + 0.006);
    }

    [Fact]
    public void Noise_for_epsilon_and_sensitivity_has_scale_sensitivity_over_epsilon()
    {
        // ε = 0.5, Δ = 1 → scale 2 → variance 2a/(1−a)² with a = e^(−1/2) ≈ 7.83; Δ = 4 → scale 8 → ≈ 127.
        foreach (var (sensitivity, expected) in new[] { (1L, 7.83), (4L, 127.0) })
        {
            var sampler = new DiscreteLaplaceSampler(new SeededRandomIntegers(5));
            double sumSquares = 0;
            const int draws = 100_000;
            for (var i = 0; i < draws; i++)
            {
                var z = sampler.Noise(sensitivity, 500_000);
                sumSquares += (double)z * z;
            }
            Assert.InRange(sumSquares / draws, expected * 0.94, expected * 1.06);
        }
    }

    [Fact]
    public void Same_seed_same_draws()
    {
        var a = new DiscreteLaplaceSampler(new SeededRandomIntegers(9));
        var b = new DiscreteLaplaceSampler(new SeededRandomIntegers(9));
        Assert.Equal(Enumerable.Range(0, 50).Select(_ => a.Sample(1, 3)), Enumerable.Range(0, 50).Select(_ => b.Sample(1, 3)));
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        var sampler = new DiscreteLaplaceSampler(new SeededRandomIntegers(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.BernoulliExpMinus(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Noise(1, 0));
    }
}
