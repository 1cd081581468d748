namespace Lepton.Monitor.Drift.Statistics;

/// <summary>
/// Jensen–Shannon distance between two categorical distributions, √JSD with log base 2 so it lies in [0, 1]
/// (scipy.spatial.distance.jensenshannon(p, q, base=2)). Symmetric and finite even when a category is missing on one
/// side, which is why categorical drift uses it rather than KL or PSI alone.
/// </summary>
public static class JensenShannonDistance
{
    /// <summary>Distance between two weight vectors over the same categories; each is normalised to sum 1 first.</summary>
    public static double Between(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
            throw new ArgumentException("p and q need the same categories");
        double sp = 0, sq = 0;
        for (var i = 0; i < p.Length; i++) { sp += p[i]; sq += q[i]; }
        if (sp <= 0 || sq <= 0)
            return double.NaN;
        double divergence = 0;
        for (var i = 0; i < p.Length; i++)
        {
            double a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
            if (a > 0) divergence += a * Math.Log2(a / m);
            if (b > 0) divergence += b * Math.Log2(b / m);
        }
        return Math.Sqrt(Math.Max(divergence / 2, 0));
    }
}
