using Lepton.Monitor.Drift.Streaming;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Streaming;

public class AdwinDetectorTests
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
    public void Detects_a_mean_shift_within_a_bounded_delay()
    {
        var rng = new Random(7);
        var stream = Enumerable.Range(0, 3000).Select(i => (i < 1000 ? 0.2 : 0.6) + 0.1 * Samples.Gaussian(rng)).ToList();
        var hits = Detections(new AdwinDetector(), stream);
        Assert.NotEmpty(hits);
        Assert.InRange(hits[0], 1000, 1000 + 100);
        Assert.DoesNotContain(hits, h => h < 1000);
    }

    [Fact]
    public void Bernoulli_rate_change_like_rivers_example()
    {
        // river's ADWIN example: 1000 values of randint(2) then 1000 of randint(4, 8); detection shortly after 1000.
        var rng = new Random(12345);
        var stream = Enumerable.Range(0, 2000).Select(i => i < 1000 ? (double)rng.Next(2) : rng.Next(4, 8)).ToList();
        var hits = Detections(new AdwinDetector(), stream);
        Assert.InRange(hits[0], 1000, 1064);
    }

    [Fact]
    public void No_alarm_on_100000_stationary_values()
    {
        var rng = new Random(42);
        var adwin = new AdwinDetector();
        var hits = Detections(adwin, Enumerable.Range(0, 100_000).Select(_ => 0.5 + 0.1 * Samples.Gaussian(rng)));
        Assert.Empty(hits);
        Assert.Equal(100_000, adwin.Width);
        // The exponential histogram keeps O(log W) rows: 2^row buckets, at most 6 per row.
        Assert.InRange(adwin.RowCount, 10, 18);
    }

    [Fact]
    public void State_round_trips()
    {
        var rng = new Random(3);
        var a = new AdwinDetector();
        for (var i = 0; i < 5000; i++) a.Update(rng.NextDouble());
        using var buffer = new MemoryStream();
        a.WriteState(new BinaryWriter(buffer));
        var b = new AdwinDetector();
        buffer.Position = 0;
        b.ReadState(new BinaryReader(buffer));
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Estimation, b.Estimation);
        for (var i = 0; i < 3000; i++)
        {
            var x = i < 1000 ? rng.NextDouble() : 2 + rng.NextDouble();
            Assert.Equal(a.Update(x), b.Update(x));
        }
    }
}
