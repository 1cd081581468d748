using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Tests.Statistics;

public class WassersteinDistanceTests
{
    // The examples of scipy.stats.wasserstein_distance's documentation.
    [Fact]
    public void Scipy_documentation_examples()
    {
        Assert.Equal(5.0, WassersteinDistance.TwoSample([0, 1, 3], [5, 6, 8]), 12);
        Assert.Equal(0.25, WassersteinDistance.Weighted([0, 1], [3, 1], [0, 1], [2, 2]), 12);
        Assert.Equal(4.0781331438047861, WassersteinDistance.Weighted([3.4, 3.9, 7.5, 7.8], [1.4, 0.9, 3.1, 7.2], [4.5, 1.4], [3.2, 3.5]), 12);
    }

    [Fact]
    public void Shift_by_c_moves_by_c_and_normalises_by_reference_std()
    {
        var a = Support.Samples.Normal(5, 1000);
        var b = a.Select(x => x + 0.25).ToArray();
        var w = WassersteinDistance.TwoSample(a, b);
        Assert.Equal(0.25, w, 10);
        Assert.Equal(0.25 / WassersteinDistance.PopulationStd(a), WassersteinDistance.Normalised(w, WassersteinDistance.PopulationStd(a)), 10);
        Assert.Equal(0.25 / 0.001, WassersteinDistance.Normalised(0.25, 0), 10);
    }
}
