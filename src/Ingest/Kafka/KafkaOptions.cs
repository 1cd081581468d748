namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// The Kafka-protocol adapter (section <c>Lepton:Kafka</c>): plain Kafka / Redpanda / MSK via
/// <see cref="BootstrapServers"/>, or Azure Event Hubs via its <see cref="ConnectionString"/>. Checked at start by
/// <see cref="KafkaOptionsValidator"/>.
/// </summary>
public sealed class KafkaOptions
{
    public const string Section = "Lepton:Kafka";

    /// <summary>Comma-separated <c>host:port</c> brokers; setting it (or <see cref="ConnectionString"/>) turns Kafka on.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>
    /// An Event Hubs namespace connection string (<c>Endpoint=sb://NS.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…</c>);
    /// implies <c>NS.servicebus.windows.net:9093</c>, SASL_SSL, PLAIN, user <c>$ConnectionString</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Null: on when a broker is configured. False switches the consumer and the alert publisher off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>False: this process only publishes alerts and does not consume <see cref="Topic"/>.</summary>
    public bool ConsumerEnabled { get; set; } = true;

    /// <summary>The transactions topic (event hub).</summary>
    public string Topic { get; set; } = "transactions";

    public string ConsumerGroup { get; set; } = "lepton-ingest";

    /// <summary>Topic for alert CloudEvents; empty turns publishing off.</summary>
    public string? AlertTopic { get; set; } = "alerts";

    /// <summary>Where malformed messages are copied (besides the dead-letter store); empty: store only.</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>Most messages handed to ingest as one batch per partition.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How long a partial batch waits for more messages before it is submitted anyway.</summary>
    public int BatchLingerMs { get; set; } = 20;

    /// <summary>Batches of one partition being processed at once; at the limit the partition is paused (backpressure).</summary>
    public int MaxInFlightBatchesPerPartition { get; set; } = 4;

    /// <summary>How long a revoked partition or a stopping consumer waits for in-flight batches before giving up (they are redelivered).</summary>
    public int DrainTimeoutMs { get; set; } = 10_000;

    /// <summary>Extra librdkafka settings for every client (e.g. <c>auto.offset.reset</c>, <c>ssl.ca.location</c>); applied last.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True when a broker is configured and Kafka is not switched off.</summary>
    public bool IsConfigured =>
        Enabled != false && (!string.IsNullOrWhiteSpace(BootstrapServers) || !string.IsNullOrWhiteSpace(ConnectionString));

    public bool ConsumesTopic => IsConfigured && ConsumerEnabled;

    public bool PublishesAlerts => IsConfigured && !string.IsNullOrWhiteSpace(AlertTopic);
}
