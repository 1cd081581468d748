namespace Lepton.Monitor.Drift.Statistics;

/// <summary>
/// The limiting (Kolmogorov) distribution of √n·D for the Kolmogorov–Smirnov statistic D, used for asymptotic p-values:
/// exact small-sample distributions cost far more than a drift check can spend and add nothing at the window sizes the
/// monitor decides on.
/// </summary>
public static class KolmogorovDistribution
{
    /// <summary>
    /// Q(λ) = P(K &gt; λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} (scipy.stats.kstwobign.sf). For small λ the alternating series
    /// converges slowly, so below λ = 1.18 the equivalent Jacobi-theta form
    /// 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} is used instead; both agree to 1e-15 where they meet.
    /// </summary>
    public static double Survival(double lambda)
    {
        if (double.IsNaN(lambda))
            return double.NaN;
        if (lambda <= 0)
            return 1.0;
        if (lambda < 1.18)
        {
            var w = Math.PI * Math.PI / (8 * lambda * lambda);
            var sum = 0.0;
            for (var k = 1; k <= 20; k++)
            {
                var term = Math.Exp(-(2 * k - 1) * (2 * k - 1) * w);
                sum += term;
                if (term < 1e-17)
                    break;
            }
            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * sum, 0, 1);
        }
        var total = 0.0;
        var sign = 1.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            total += sign * term;
            if (term < 1e-17)
                break;
            sign = -sign;
        }
        return Math.Clamp(2 * total, 0, 1);
    }
}
