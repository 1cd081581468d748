using System.Collections.Concurrent;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>Collects ingest-to-alert latency (record accepted → alert durable) of every alert candidate.</summary>
public sealed class LatencyRecorder(TimeProvider clock) : IAlertListener
{
    private ConcurrentBag<double> _samples = new();

    public void OnAlerts(IReadOnlyList<Alert> created, IReadOnlyList<Alert> updated, IReadOnlyList<AlertCandidate> candidates)
    {
        var now = clock.GetUtcNow();
        foreach (var c in candidates)
            _samples.Add((now - c.AcceptedAt).TotalMilliseconds);
    }

    /// <summary>Returns the samples since the last call and starts a new window.</summary>
    public double[] TakeWindow()
    {
        var bag = Interlocked.Exchange(ref _samples, new ConcurrentBag<double>());
        var values = bag.ToArray();
        Array.Sort(values);
        return values;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
