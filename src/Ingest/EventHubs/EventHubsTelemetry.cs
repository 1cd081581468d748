using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>Metrics and traces of the native Event Hubs adapter (meter and activity source <c>Lepton.Monitor.EventHubs</c>).</summary>
public static class EventHubsTelemetry
{
    public const string Name = "Lepton.Monitor.EventHubs";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>("lepton.eventhubs.consumed", unit: "{event}", description: "Events read from the transactions hub");
    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("lepton.eventhubs.batches", description: "Batches submitted to ingest and acknowledged by the grains");
    public static readonly Counter<long> Poison = Meter.CreateCounter<long>("lepton.eventhubs.poison", unit: "{event}", description: "Events dead-lettered (malformed or invalid)");
    public static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>("lepton.eventhubs.checkpoints", description: "Checkpoints written to the store");
    public static readonly Counter<long> SubmitRetries = Meter.CreateCounter<long>("lepton.eventhubs.submit_retries", description: "Batches retried after ingest failed");
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("lepton.eventhubs.errors", description: "Errors the event processor reported (connection, load balancing, checkpoint store)");
    public static readonly Histogram<double> BatchDuration = Meter.CreateDuration("lepton.eventhubs.batch.duration", "Read to processed by the grains, per batch");

    /// <summary>Per (hub, partition): last enqueued sequence number minus the checkpointed one; kept by the processor's lag refresh.</summary>
    public static readonly ConcurrentDictionary<(string Hub, string Partition), long> Lag = new();

    /// <summary>Partitions each processor of this process owns, by processor identifier (one per process in the product).</summary>
    public static readonly ConcurrentDictionary<string, int> Owned = new();

    public static readonly ObservableGauge<long> ConsumerLag = Meter.CreateObservableGauge("lepton.eventhubs.consumer_lag", ObserveLag,
        unit: "{event}", description: "Events on the partition not yet processed and checkpointed");

    public static readonly ObservableGauge<int> PartitionsOwned = Meter.CreateObservableGauge("lepton.eventhubs.partitions_owned", ObserveOwned,
        unit: "{partition}", description: "Partitions of the transactions hub this process processes");

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var ((hub, partition), lag) in Lag)
            yield return new Measurement<long>(lag, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("partition", partition));
    }

    private static int ObserveOwned() => Owned.Values.Sum();
}
