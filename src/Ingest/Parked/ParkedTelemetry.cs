using System.Diagnostics.Metrics;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest;

/// <summary>The <c>lepton.parked.records</c> gauge on the ingest meter: parked records by retryable, as last counted.</summary>
public static class ParkedTelemetry
{
    private static long s_retryable;
    private static long s_waiting;

    public static readonly ObservableGauge<long> Records = IngestTelemetry.Meter.CreateObservableGauge(
        "lepton.parked.records", Observe, description: "Records parked with their payload (retryable: retried automatically; else waiting for an operator's replay)");

    public static void Publish(ParkedCounts counts)
    {
        Volatile.Write(ref s_retryable, counts.Retryable);
        Volatile.Write(ref s_waiting, counts.Waiting);
    }

    private static IEnumerable<Measurement<long>> Observe() =>
    [
        new(Volatile.Read(ref s_retryable), new KeyValuePair<string, object?>("retryable", true)),
        new(Volatile.Read(ref s_waiting), new KeyValuePair<string, object?>("retryable", false)),
    ];
}
