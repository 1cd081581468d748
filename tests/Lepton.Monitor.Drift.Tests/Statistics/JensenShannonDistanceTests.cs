using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Tests.Statistics;

public class JensenShannonDistanceTests
{
    // scipy.spatial.distance.jensenshannon documentation: ([1,0,0],[0,1,0], base 2) = 1.0; ([1,0],[1,0]) = 0;
    // ([1,0],[0.5,0.5]) = 0.46450140402245893 in nats, i.e. that / √(ln 2) in bits.
    [Fact]
    public void Scipy_documentation_examples()
    {
        Assert.Equal(1.0, JensenShannonDistance.Between([1, 0, 0], [0, 1, 0]), 12);
        Assert.Equal(0.0, JensenShannonDistance.Between([1, 0], [1, 0]), 12);
        Assert.Equal(0.46450140402245893 / Math.Sqrt(Math.Log(2)), JensenShannonDistance.Between([1, 0], [0.5, 0.5]), 12);
    }

    [Fact]
    public void Counts_are_normalised_and_the_distance_is_symmetric()
    {
        Assert.Equal(JensenShannonDistance.Between([0.2, 0.8], [0.5, 0.5]), JensenShannonDistance.Between([20, 80], [1, 1]), 12);
        Assert.Equal(JensenShannonDistance.Between([3, 1, 0], [1, 1, 2]), JensenShannonDistance.Between([1, 1, 2], [3, 1, 0]), 12);
    }
}
