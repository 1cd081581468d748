using Lepton.Monitor.Drift.Streaming;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Streaming;

public class PageHinkleyDetectorTests
{
    private static List<int> Detections(IStreamingDriftDetector detector, IEnumerable<double> stream)
    {
        var hits = new List<int>();
        var i = 0;
        foreach (var x in stream)
        {
            if (detector.Update(x)) hits.Add(i);
            i++;
        }
        return hits;
    }

    [Fact]
    public void Detects_an_increase_within_a_bounded_delay()
    {
        // After the shift each value adds about +0.5 − mean drift to the cumulative sum: 50 is crossed in ~100–200 values.
        var rng = new Random(11);
        var stream = Enumerable.Range(0, 3000).Select(i => (i < 1000 ? 0.5 : 1.0) + 0.05 * Samples.Gaussian(rng));
        var hits = Detections(new PageHinkleyDetector(), stream);
        Assert.NotEmpty(hits);
        Assert.InRange(hits[0], 1000, 1250);
    }

    [Fact]
    public void Up_ignores_a_decrease_and_both_sees_it()
    {
        var rng = new Random(13);
        var stream = Enumerable.Range(0, 3000).Select(i => (i < 1000 ? 1.0 : 0.5) + 0.05 * Samples.Gaussian(rng)).ToList();
        Assert.Empty(Detections(new PageHinkleyDetector(), stream));
        var both = Detections(new PageHinkleyDetector(direction: PageHinkleyDirection.Both), stream);
        Assert.NotEmpty(both);
        Assert.InRange(both[0], 1000, 1250);
        Assert.InRange(Detections(new PageHinkleyDetector(direction: PageHinkleyDirection.Down), stream)[0], 1000, 1250);
    }

    [Fact]
    public void No_alarm_on_100000_stationary_values()
    {
        var rng = new Random(42);
        Assert.Empty(Detections(new PageHinkleyDetector(direction: PageHinkleyDirection.Both), Enumerable.Range(0, 100_000).Select(_ => 0.5 + 0.1 * Samples.Gaussian(rng))));
    }

    [Fact]
    public void Needs_min_instances_and_resets_after_a_detection()
    {
        var ph = new PageHinkleyDetector(threshold: 1, minInstances: 30);
        for (var i = 0; i < 29; i++)
            Assert.False(ph.Update(i < 5 ? 0 : 100));
        var detected = false;
        for (var i = 0; i < 10 && !detected; i++) detected = ph.Update(100 + i * 100);
        Assert.True(detected);
        ph.Update(0);
        Assert.Equal(1, ph.Count);
    }
}
