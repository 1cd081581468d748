using System.Text;
using Azure.Messaging.EventHubs;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>
/// <see cref="EventHubsAlertTransport"/> against the local broker: batches keyed by tenant, one event per outbox row,
/// and which failures are the event's own (permanent) and which are the hub's (transient).
/// </summary>
public sealed class EventHubsAlertTransportTests
{
    private static OutboxEntry Entry(long seq, string tenant, int size = 100) =>
        new(seq, tenant, $"{tenant}-{seq}", Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', size) + "\"}"), 0, DateTimeOffset.UtcNow);

    private static async Task<(LocalEventHubsBroker Broker, EventHubsAlertProducerHost Producers)> StartAsync(ulong maxMessageSize = 1024 * 1024, string alertHub = "alerts")
    {
        var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { ["alerts"] = 4 }, MaxMessageSize = maxMessageSize });
        var options = new EventHubsOptions { ConnectionString = broker.ConnectionString, AlertHub = alertHub };
        return (broker, new EventHubsAlertProducerHost(options, new EventHubsClients(options)));
    }

    [Fact]
    public async Task Each_tenant_goes_to_one_partition_in_order_over_as_many_batches_as_it_takes()
    {
        // 4 KiB links: 2 × 20 events of ~1 KiB need several batches per tenant.
        var (broker, producers) = await StartAsync(maxMessageSize: 4096);
        await using var _ = broker;
        await using var __ = producers;
        var entries = Enumerable.Range(1, 40).Select(i => Entry(i, i % 2 == 0 ? "acme" : "beta", 1000)).ToList();

        var results = await new EventHubsAlertTransport(producers).SendAsync(entries, default);

        Assert.All(results, Assert.Null);
        Assert.Equal(40, broker.Count("alerts"));
        var events = await HubReader.ReadAsync(broker.ConnectionString, "alerts", 40, TimeSpan.FromSeconds(30));
        foreach (var tenant in new[] { "acme", "beta" })
        {
            var mine = events.Where(e => e.Data.PartitionKey == tenant).ToList();
            Assert.Single(mine.Select(e => e.Partition.PartitionId).Distinct());
            Assert.Equal(entries.Where(e => e.Key == tenant).Select(e => e.EventId), mine.OrderBy(e => e.Data.SequenceNumber).Select(e => e.Data.MessageId));
        }
        Assert.All(events, e => Assert.Equal(EventHubsAlertTransport.ContentType, e.Data.ContentType));
        var first = events.Single(e => e.Data.MessageId == "beta-1");
        Assert.Equal(entries[0].Payload, first.Data.EventBody.ToArray());
    }

    [Fact]
    public async Task An_event_too_large_for_an_empty_batch_is_refused_for_good_and_holds_back_only_its_tenants_later_events()
    {
        var (broker, producers) = await StartAsync(maxMessageSize: 4096);
        await using var _ = broker;
        await using var __ = producers;
        IReadOnlyList<OutboxEntry> entries = [Entry(1, "acme"), Entry(2, "acme", 10_000), Entry(3, "acme"), Entry(4, "beta")];

        var results = await new EventHubsAlertTransport(producers).SendAsync(entries, default);

        Assert.Null(results[0]);
        Assert.False(results[1]!.Transient);
        Assert.StartsWith("MessageSizeExceeded", results[1]!.Reason);
        Assert.True(results[2]!.Transient); // not sent: it would overtake acme-2
        Assert.Contains("acme-2", results[2]!.Reason);
        Assert.Null(results[3]);
        var events = await HubReader.ReadAsync(broker.ConnectionString, "alerts", 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["acme-1", "beta-4"], events.Select(e => e.Data.MessageId).Order());
    }

    [Fact]
    public async Task A_missing_alert_hub_is_a_transient_failure_of_every_event_so_the_outbox_waits_instead_of_parking()
    {
        var (broker, producers) = await StartAsync(alertHub: "no-such-hub");
        await using var _ = broker;
        await using var __ = producers;
        var results = await new EventHubsAlertTransport(producers).SendAsync([Entry(1, "acme"), Entry(2, "beta")], default).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.All(results, r => Assert.True(r!.Transient, r.Reason));
        Assert.Equal(0, broker.Count("alerts"));
    }

    [Theory]
    [InlineData(EventHubsException.FailureReason.MessageSizeExceeded, false)]
    [InlineData(EventHubsException.FailureReason.ServiceBusy, true)]
    [InlineData(EventHubsException.FailureReason.ServiceTimeout, true)]
    [InlineData(EventHubsException.FailureReason.ServiceCommunicationProblem, true)]
    [InlineData(EventHubsException.FailureReason.QuotaExceeded, true)]
    [InlineData(EventHubsException.FailureReason.ResourceNotFound, true)]
    [InlineData(EventHubsException.FailureReason.GeneralError, true)]
    public void Only_a_size_refusal_is_permanent(EventHubsException.FailureReason reason, bool transient)
    {
        var failure = EventHubsAlertTransport.Classify(new EventHubsException(false, "alerts", "refused", reason));
        Assert.Equal(transient, failure.Transient);
        Assert.StartsWith(reason.ToString(), failure.Reason);
    }

    [Fact]
    public void Other_exceptions_are_transient()
    {
        Assert.True(EventHubsAlertTransport.Classify(new TimeoutException("slow")).Transient);
        Assert.True(EventHubsAlertTransport.Classify(new UnauthorizedAccessException("no claim")).Transient);
    }
}
