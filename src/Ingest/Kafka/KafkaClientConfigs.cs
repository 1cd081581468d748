using Confluent.Kafka;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>Builds librdkafka client settings from <see cref="KafkaOptions"/>: plain brokers, or Event Hubs' Kafka endpoint.</summary>
public static class KafkaClientConfigs
{
    /// <summary>Connection and security settings shared by every client.</summary>
    public static void ApplyConnection(ClientConfig config, string? bootstrapServers, string? connectionString)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var hub = EventHubsConnectionString.TryParse(connectionString, out var reason)
                ?? throw new KafkaConfigurationException([$"{KafkaOptions.Section}:ConnectionString: {reason}"]);
            config.BootstrapServers = hub.BootstrapServers;
            config.SecurityProtocol = SecurityProtocol.SaslSsl;
            config.SaslMechanism = SaslMechanism.Plain;
            config.SaslUsername = "$ConnectionString";
            config.SaslPassword = connectionString;
            // Event Hubs closes idle connections after ~240 s; Microsoft's recommended client settings.
            config.SocketKeepaliveEnable = true;
            config.MetadataMaxAgeMs = 180_000;
            config.ConnectionsMaxIdleMs = 180_000;
        }
        else
        {
            config.BootstrapServers = bootstrapServers;
        }
    }

    public static ConsumerConfig Consumer(KafkaOptions o)
    {
        var config = new ConsumerConfig
        {
            GroupId = o.ConsumerGroup,
            ClientId = "lepton-ingest-" + Environment.MachineName,
            // An offset is stored by hand, only after the grains acknowledged its batch; librdkafka commits what is
            // stored in the background, and the consumer commits explicitly on revocation and on stop.
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1000,
            EnableAutoOffsetStore = false,
            // A new group starts at the beginning: a compliance monitor must not skip what was already on the topic.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
            SessionTimeoutMs = 30_000,
            // Bounded prefetch per partition keeps memory bounded when ingest is slower than the stream.
            QueuedMaxMessagesKbytes = 16 * 1024,
        };
        ApplyConnection(config, o.BootstrapServers, o.ConnectionString);
        ApplyExtra(config, o);
        return config;
    }

    /// <summary>The idempotent producer for the alert and dead-letter topics: acks from all replicas, no duplicates on retry.</summary>
    public static ProducerConfig Producer(KafkaOptions o)
    {
        var config = new ProducerConfig
        {
            ClientId = "lepton-publisher-" + Environment.MachineName,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            // A delivery that cannot succeed in this time fails and is retried from the outbox later.
            MessageTimeoutMs = 30_000,
        };
        ApplyConnection(config, o.BootstrapServers, o.ConnectionString);
        ApplyExtra(config, o);
        return config;
    }

    private static void ApplyExtra(ClientConfig config, KafkaOptions o)
    {
        foreach (var (key, value) in o.Settings)
            config.Set(key, value);
    }
}
