namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// Exact sampling of the discrete Laplace (two-sided geometric) distribution P[Z = z] ∝ exp(−|z|·s/t) with integer
/// s, t ≥ 1, after Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020,
/// arXiv:2004.00010), Algorithms 1 and 2: Bernoulli(exp(−γ)) for rational γ from Bernoulli(rational) trials only, and
/// the Laplace from a uniform remainder and a geometric quotient. Every step is integer arithmetic.
/// Adding Z with scale t/s = Δ/ε to an integer query of L1 sensitivity Δ is ε-differentially private.
/// </summary>
public sealed class DiscreteLaplaceSampler(IRandomIntegers random)
{
    /// <summary>Bernoulli(numerator / denominator), 0 ≤ numerator ≤ denominator.</summary>
    public bool Bernoulli(long numerator, long denominator)
    {
        if (denominator < 1 || numerator < 0 || numerator > denominator)
            throw new ArgumentOutOfRangeException(nameof(numerator), "need 0 <= numerator <= denominator, denominator >= 1");
        return random.Next(denominator) < numerator;
    }

    /// <summary>Bernoulli(exp(−numerator/denominator)), numerator ≥ 0 (CKS Algorithm 1).</summary>
    public bool BernoulliExpMinus(long numerator, long denominator)
    {
        if (denominator < 1 || numerator < 0)
            throw new ArgumentOutOfRangeException(nameof(numerator), "need numerator >= 0, denominator >= 1");
        if (numerator <= denominator)
        {
            // γ ∈ [0, 1]: K counts successes of Bernoulli(γ/k) for k = 1, 2, …; P[K odd] = exp(−γ).
            long k = 1;
            while (Bernoulli(numerator, denominator * k))
                k++;
            return k % 2 == 1;
        }
        // γ > 1: exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)).
        var whole = numerator / denominator;
        for (long i = 0; i < whole; i++)
        {
            if (!BernoulliExpMinus(1, 1))
                return false;
        }
        return BernoulliExpMinus(numerator - whole * denominator, denominator);
    }

    /// <summary>One draw with scale t/s (CKS Algorithm 2).</summary>
    public long Sample(long s, long t)
    {
        if (s < 1 || t < 1)
            throw new ArgumentOutOfRangeException(nameof(s), "need integers s, t >= 1");
        while (true)
        {
            var u = random.Next(t);
            if (!BernoulliExpMinus(u, t))
                continue;
            long v = 0;
            while (BernoulliExpMinus(1, 1))
                v++;
            var x = u + t * v;
            var y = x / s;
            var negative = Bernoulli(1, 2);
            if (negative && y == 0)
                continue;
            return negative ? -y : y;
        }
    }

    /// <summary>
    /// Noise for ε-DP on a query of L1 sensitivity <paramref name="sensitivity"/>, ε given in millionths
    /// (<paramref name="epsilonMicros"/> = ε · 10⁶): scale Δ/ε = (Δ · 10⁶) / epsilonMicros, reduced.
    /// </summary>
    public long Noise(long sensitivity, long epsilonMicros)
    {
        if (sensitivity < 1 || epsilonMicros < 1)
            throw new ArgumentOutOfRangeException(nameof(epsilonMicros), "need sensitivity >= 1 and epsilon > 0");
        long t = sensitivity * 1_000_000, s = epsilonMicros;
        var g = (long)System.Numerics.BigInteger.GreatestCommonDivisor(t, s);
        return Sample(s / g, t / g);
    }
}
