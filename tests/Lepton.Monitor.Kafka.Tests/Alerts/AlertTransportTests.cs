using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Kafka.Tests.Support;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Kafka.Tests.Alerts;

/// <summary>
/// What the outbox is told about each alert event: delivered; refused for itself (permanent — charged, parked after N);
/// or not delivered because the broker is unreachable (transient — an outage charges no event).
/// </summary>
public sealed class AlertTransportTests
{
    private static OutboxEntry Entry(long seq, int bytes) =>
        new(seq, "acme", $"e-{seq}", Enumerable.Repeat((byte)'x', bytes).ToArray(), 0, DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_event_the_broker_refuses_is_a_permanent_failure_while_its_neighbours_are_delivered()
    {
        using var cluster = new MockKafkaCluster();
        var options = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, AlertTopic = "alerts" };
        options.Settings["message.max.bytes"] = "4096"; // the producer refuses larger messages, as a broker would
        using var producers = new KafkaProducerHost(options, NullLogger<KafkaProducerHost>.Instance);

        var results = await new KafkaAlertTransport(options, producers).SendAsync([Entry(1, 100), Entry(2, 20_000), Entry(3, 100)], default);

        Assert.Null(results[0]);
        Assert.Null(results[2]);
        var refused = Assert.IsType<OutboxSendFailure>(results[1]);
        Assert.False(refused.Transient);
        Assert.Contains("MsgSizeTooLarge", refused.Reason);
    }

    [Fact]
    public async Task An_unreachable_broker_is_a_transient_failure()
    {
        var options = new KafkaOptions { BootstrapServers = $"127.0.0.1:{LeptonTestHost.FreePort()}", AlertTopic = "alerts" };
        options.Settings["message.timeout.ms"] = "300";
        using var producers = new KafkaProducerHost(options, NullLogger<KafkaProducerHost>.Instance);

        var results = await new KafkaAlertTransport(options, producers).SendAsync([Entry(1, 100)], default);

        Assert.True(Assert.IsType<OutboxSendFailure>(results[0]).Transient);
    }
}
