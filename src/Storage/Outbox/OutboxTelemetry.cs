using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Storage;

/// <summary>Metrics of the alert outbox (meter <c>Lepton.Monitor.Outbox</c>), tagged by transport.</summary>
public static class OutboxTelemetry
{
    public const string Name = "Lepton.Monitor.Outbox";
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Parked = Meter.CreateCounter<long>("lepton.outbox.parked", unit: "{event}",
        description: "Alert events parked after too many failed publish attempts (listed and replayable)");

    /// <summary>Per transport: events waiting and parked, as the publisher last read them.</summary>
    private static readonly ConcurrentDictionary<string, OutboxDepth> Depths = new(StringComparer.Ordinal);

    public static readonly ObservableGauge<long> Depth = Meter.CreateObservableGauge("lepton.outbox.depth", ObserveDepth,
        unit: "{event}", description: "Alert events in the outbox, by transport and state (pending, parked)");

    /// <summary>Records the depth the publisher of <paramref name="transport"/> just read.</summary>
    public static void ReportDepth(string transport, OutboxDepth depth) => Depths[transport] = depth;

    private static IEnumerable<Measurement<long>> ObserveDepth()
    {
        foreach (var (transport, depth) in Depths)
        {
            yield return new Measurement<long>(depth.Pending, new("transport", transport), new("state", "pending"));
            yield return new Measurement<long>(depth.Parked, new("transport", transport), new("state", "parked"));
        }
    }
}
