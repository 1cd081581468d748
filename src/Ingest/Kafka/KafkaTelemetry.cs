using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>Metrics and traces of the Kafka adapter (meter <c>Lepton.Monitor.Kafka</c>).</summary>
public static class KafkaTelemetry
{
    public const string Name = "Lepton.Monitor.Kafka";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);
    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>("lepton.kafka.consumed", description: "Messages consumed from the transactions topic");
    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("lepton.kafka.batches", description: "Batches submitted to ingest");
    public static readonly Counter<long> Poison = Meter.CreateCounter<long>("lepton.kafka.poison", description: "Messages dead-lettered (malformed or invalid)");
    public static readonly Counter<long> Commits = Meter.CreateCounter<long>("lepton.kafka.commits", description: "Offset commits");
    public static readonly Counter<long> Pauses = Meter.CreateCounter<long>("lepton.kafka.pauses", description: "Partitions paused because their in-flight batches hit the limit");
    public static readonly Counter<long> SubmitRetries = Meter.CreateCounter<long>("lepton.kafka.submit_retries", description: "Batches retried after ingest failed");
    public static readonly Counter<long> AlertsPublished = Meter.CreateCounter<long>("lepton.kafka.alerts_published", description: "Alert CloudEvents acknowledged by the broker");
    public static readonly Counter<long> AlertPublishFailures = Meter.CreateCounter<long>("lepton.kafka.alert_publish_failures", description: "Alert CloudEvents the broker did not acknowledge (retried from the outbox)");
    public static readonly Counter<long> DeadLetterTopicFailures = Meter.CreateCounter<long>("lepton.kafka.dead_letter_topic_failures", description: "Poison messages not copied to the dead-letter topic (still in the store)");
    /// <summary>Per (topic, partition): high watermark minus the next offset to commit; updated by the consumer loop.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Topic, int Partition), long> Lag = new();

    public static readonly ObservableGauge<long> ConsumerLag = Meter.CreateObservableGauge("lepton.kafka.consumer_lag", ObserveLag,
        unit: "{message}", description: "Messages on the partition not yet processed and committed");

    public static readonly Histogram<double> BatchDuration = Meter.CreateDuration("lepton.kafka.batch.duration", "Consume to processed by the grains, per batch");

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var ((topic, partition), lag) in Lag)
            yield return new Measurement<long>(lag, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("partition", partition));
    }
}
