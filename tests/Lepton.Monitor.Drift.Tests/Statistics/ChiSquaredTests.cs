using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Tests.Statistics;

public class ChiSquaredTests
{
    // Upper critical values of the chi-squared distribution (NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
    [Theory]
    [InlineData(3.841, 1, 0.05)]
    [InlineData(6.635, 1, 0.01)]
    [InlineData(5.991, 2, 0.05)]
    [InlineData(18.307, 10, 0.05)]
    [InlineData(23.209, 10, 0.01)]
    [InlineData(43.773, 30, 0.05)]
    public void P_values_match_the_table(double statistic, int dof, double expected) =>
        Assert.Equal(expected, ChiSquaredTest.PValue(statistic, dof), 4);

    [Fact]
    public void Two_degrees_of_freedom_is_an_exponential_tail()
    {
        foreach (var x in new[] { 0.1, 1.0, 5.0, 30.0 })
            Assert.Equal(Math.Exp(-x / 2), ChiSquaredTest.PValue(x, 2), 12);
    }

    [Fact]
    public void Homogeneity_by_hand()
    {
        // Expected counts 15, 20, 25 on each side: χ² = 2·(25/15 + 0 + 25/25) = 5.3333, dof 2, p = e^(−8/3).
        var r = ChiSquaredTest.Homogeneity([10, 20, 30], [20, 20, 20]);
        Assert.Equal(16.0 / 3, r.Statistic, 10);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-8.0 / 3), r.PValue, 10);
    }

    [Fact]
    public void Log_gamma_and_incomplete_gamma_identities()
    {
        Assert.Equal(Math.Log(24), IncompleteGamma.LogGamma(5), 12);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), IncompleteGamma.LogGamma(0.5), 12);
        Assert.Equal(Math.Exp(-3), IncompleteGamma.RegularizedUpper(1, 3), 12); // Q(1, x) = e^−x
        Assert.Equal(1.0, IncompleteGamma.RegularizedUpper(2.5, 0));
        Assert.Equal(0.5, IncompleteGamma.RegularizedUpper(0.5, 0.2275) + IncompleteGamma.RegularizedLower(0.5, 0.2275) - 0.5, 12);
    }
}
