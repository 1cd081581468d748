using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Tests.Statistics;

public class PopulationStabilityIndexTests
{
    [Fact]
    public void Shares_by_hand()
    {
        double[] reference = [0.25, 0.25, 0.25, 0.25];
        double[] current = [0.1, 0.2, 0.3, 0.4];
        var expected = -0.15 * Math.Log(0.4) - 0.05 * Math.Log(0.8) + 0.05 * Math.Log(1.2) + 0.15 * Math.Log(1.6); // 0.228218
        Assert.Equal(expected, PopulationStabilityIndex.FromShares(reference, current), 12);
        Assert.Equal(0.228218, PopulationStabilityIndex.FromShares(reference, current), 5);
    }

    [Fact]
    public void Empty_bins_are_floored()
    {
        var psi = PopulationStabilityIndex.FromShares([0.5, 0.5], [1.0, 0.0]);
        Assert.Equal(0.5 * Math.Log(1.0 / 0.5) + (0.0001 - 0.5) * Math.Log(0.0001 / 0.5), psi, 12);
    }

    [Fact]
    public void Samples_use_the_reference_deciles_right_closed()
    {
        // Reference 1..100: deciles (type 7) 10.9, 20.8, …, 90.1, ten values per bin. Current 11..110: first bin empty,
        // bins 2–9 ten values each, the last twenty. PSI = (0.0001 − 0.1)·ln(0.001) + (0.2 − 0.1)·ln 2 = 0.759400.
        var reference = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        var current = Enumerable.Range(11, 100).Select(i => (double)i).ToArray();
        Assert.Equal(new[] { 10.9, 20.8, 30.7, 40.6, 50.5, 60.4, 70.3, 80.2, 90.1 }, PopulationStabilityIndex.DecileEdges(reference).Select(x => Math.Round(x, 9)));
        var expected = (0.0001 - 0.1) * Math.Log(0.0001 / 0.1) + 0.1 * Math.Log(2);
        Assert.Equal(expected, PopulationStabilityIndex.FromSamples(reference, current), 10);
        Assert.Equal(0.0, PopulationStabilityIndex.FromSamples(reference, reference), 12);
    }
}
