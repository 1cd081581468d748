namespace Lepton.Monitor.Drift.Statistics;

/// <summary>
/// Pearson's chi-squared test of homogeneity for a categorical column: do reference and current counts come from one
/// distribution? The 2×k contingency form (scipy.stats.chi2_contingency with correction=False) treats both sides as
/// samples, so a category absent from the reference is a finite contribution instead of a division by zero.
/// </summary>
public static class ChiSquaredTest
{
    /// <summary>Counts per category, aligned; categories empty on both sides are ignored. dof = (categories − 1).</summary>
    public static ChiSquaredResult Homogeneity(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts)
    {
        if (referenceCounts.Length != currentCounts.Length)
            throw new ArgumentException("reference and current need the same categories");
        double nr = 0, nc = 0;
        var categories = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            nr += referenceCounts[i];
            nc += currentCounts[i];
            if (referenceCounts[i] + currentCounts[i] > 0) categories++;
        }
        if (nr <= 0 || nc <= 0 || categories < 2)
            return new ChiSquaredResult(0, Math.Max(categories - 1, 0), 1.0);
        var total = nr + nc;
        double statistic = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var column = referenceCounts[i] + currentCounts[i];
            if (column <= 0) continue;
            var er = nr * column / total;
            var ec = nc * column / total;
            statistic += (referenceCounts[i] - er) * (referenceCounts[i] - er) / er + (currentCounts[i] - ec) * (currentCounts[i] - ec) / ec;
        }
        var dof = categories - 1;
        return new ChiSquaredResult(statistic, dof, PValue(statistic, dof));
    }

    /// <summary>P(χ²_dof ≥ statistic) = Q(dof/2, statistic/2), the regularized upper incomplete gamma function.</summary>
    public static double PValue(double statistic, int degreesOfFreedom) =>
        degreesOfFreedom <= 0 ? double.NaN : IncompleteGamma.RegularizedUpper(degreesOfFreedom / 2.0, Math.Max(statistic, 0) / 2.0);
}
