using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Silo.Hosting;

namespace Lepton.Monitor.Kafka.Tests.Configuration;

/// <summary>The <c>Lepton:Kafka</c> section is checked at start, and every error names the key that is wrong.</summary>
public sealed class KafkaOptionsTests
{
    private const string EventHubs = "Endpoint=sb://lepton-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0";

    private static IReadOnlyList<string> Check(Action<KafkaOptions> change)
    {
        var options = new KafkaOptions();
        change(options);
        return KafkaOptionsValidator.Check(options, 50_000);
    }

    [Theory]
    [InlineData("Endpoint=https://lepton-ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s", "Lepton:Kafka:ConnectionString: must contain Endpoint=sb://")]
    [InlineData("SharedAccessKeyName=k;SharedAccessKey=s", "Lepton:Kafka:ConnectionString: must contain Endpoint=sb://")]
    [InlineData("Endpoint=sb://lepton-ns.servicebus.windows.net/", "Lepton:Kafka:ConnectionString: must contain SharedAccessKeyName")]
    [InlineData("Endpoint=sb://lepton-ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s;EntityPath=payments", "Lepton:Kafka:Topic:")]
    public void A_bad_connection_string_is_named(string connectionString, string expected)
    {
        var errors = Check(o => o.ConnectionString = connectionString);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("SharedAccessKey=s", StringComparison.Ordinal)); // secrets are never echoed
    }

    [Fact]
    public void Both_or_neither_broker_settings_are_errors()
    {
        Assert.Contains(Check(o => { o.BootstrapServers = "k:9092"; o.ConnectionString = EventHubs; }), e => e.StartsWith("Lepton:Kafka:BootstrapServers: set either", StringComparison.Ordinal));
        Assert.Contains(Check(o => o.Enabled = true), e => e.StartsWith("Lepton:Kafka:BootstrapServers: Lepton:Kafka:Enabled is true", StringComparison.Ordinal));
        Assert.Empty(Check(_ => { })); // neither, not enabled explicitly: Kafka is simply off
        Assert.Empty(Check(o => o.ConnectionString = EventHubs));
        Assert.Empty(Check(o => o.BootstrapServers = "k1:9092, k2:9092"));
    }

    [Theory]
    [InlineData("BootstrapServers", "Lepton:Kafka:BootstrapServers: 'kafka' is not host:port")]
    [InlineData("BatchSize", "Lepton:Kafka:BatchSize: must lie in 1..50000")]
    [InlineData("MaxInFlightBatchesPerPartition", "Lepton:Kafka:MaxInFlightBatchesPerPartition: must be at least 1")]
    [InlineData("Topic", "Lepton:Kafka:Topic: required")]
    [InlineData("ConsumerGroup", "Lepton:Kafka:ConsumerGroup: required")]
    [InlineData("DeadLetterTopic", "Lepton:Kafka:DeadLetterTopic: must differ from Topic")]
    public void Each_bad_value_names_its_key(string key, string expected)
    {
        var errors = Check(o =>
        {
            o.BootstrapServers = key == "BootstrapServers" ? "kafka" : "kafka:9092";
            switch (key)
            {
                case "BatchSize": o.BatchSize = 0; break;
                case "MaxInFlightBatchesPerPartition": o.MaxInFlightBatchesPerPartition = 0; break;
                case "Topic": o.Topic = ""; break;
                case "ConsumerGroup": o.ConsumerGroup = " "; break;
                case "DeadLetterTopic": o.DeadLetterTopic = o.Topic; break;
            }
        });
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_refuses_to_start_and_names_the_key()
    {
        var e = Assert.Throws<KafkaConfigurationException>(() => LeptonHost.Build(["--Lepton:Kafka:ConnectionString", "Endpoint=http://nope;SharedAccessKeyName=k;SharedAccessKey=s"]));
        Assert.Contains("Lepton:Kafka:ConnectionString", e.Message);
    }

    [Fact]
    public void An_Event_Hubs_connection_string_becomes_the_Kafka_endpoint_settings()
    {
        var config = KafkaClientConfigs.Consumer(new KafkaOptions { ConnectionString = EventHubs, Settings = { ["auto.offset.reset"] = "latest" } });
        Assert.Equal("lepton-ns.servicebus.windows.net:9093", config.BootstrapServers);
        Assert.Equal(Confluent.Kafka.SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(Confluent.Kafka.SaslMechanism.Plain, config.SaslMechanism);
        Assert.Equal("$ConnectionString", config.SaslUsername);
        Assert.Equal(EventHubs, config.SaslPassword);
        Assert.Equal("lepton-ingest", config.GroupId);
        Assert.Equal(Confluent.Kafka.AutoOffsetReset.Latest, config.AutoOffsetReset); // extra settings win
        var producer = KafkaClientConfigs.Producer(new KafkaOptions { BootstrapServers = "k:9092" });
        Assert.True(producer.EnableIdempotence);
        Assert.Equal(Confluent.Kafka.Acks.All, producer.Acks);
    }

    [Fact]
    public void The_bundled_librdkafka_is_the_one_loaded()
    {
        KafkaNativeLibrary.EnsureLoaded();
        var bundled = KafkaNativeLibrary.BundledPath();
        Assert.NotNull(bundled);
        Assert.StartsWith(AppContext.BaseDirectory, bundled);
        Assert.True(Confluent.Kafka.Library.IsLoaded);
        Assert.StartsWith("2.16", Confluent.Kafka.Library.VersionString);
    }
}
