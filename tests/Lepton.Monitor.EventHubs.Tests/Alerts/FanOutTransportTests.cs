using System.Text;
using Lepton.Monitor.Ingest.Outbox;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>
/// Kafka and Event Hubs both on: an outbox event is delivered only when both transports acknowledged it, one transport's
/// outage does not resend the round to the other, and a refusal of the event itself by either one is permanent.
/// </summary>
public sealed class FanOutTransportTests
{
    /// <summary>A transport that records what it was sent and answers what the test tells it to.</summary>
    private sealed class ScriptedTransport(string name) : IOutboxTransport
    {
        public string Name => name;
        public List<string> Received { get; } = [];
        public Func<OutboxEntry, OutboxSendFailure?> Answer { get; set; } = _ => null;
        public Exception? Throw { get; set; }

        public Task<IReadOnlyList<OutboxSendFailure?>> SendAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
        {
            if (Throw is { } e)
                throw e;
            Received.AddRange(entries.Select(e => e.EventId));
            return Task.FromResult<IReadOnlyList<OutboxSendFailure?>>(entries.Select(Answer).ToArray());
        }
    }

    private static readonly OutboxSendFailure Down = new("ServiceBusy: unavailable", Transient: true);
    private static OutboxEntry Entry(long seq, string tenant = "acme") => new(seq, tenant, "e" + seq, [1, 2, 3], 0, DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_event_acknowledged_by_one_transport_is_retried_only_to_the_other_and_delivered_when_both_have_it()
    {
        var kafka = new ScriptedTransport("kafka");
        var hubs = new ScriptedTransport("eventhubs") { Answer = e => e.Seq == 2 ? Down : null };
        var fanOut = new FanOutTransport([kafka, hubs]);
        Assert.Equal("kafka+eventhubs", fanOut.Name);

        var first = await fanOut.SendAsync([Entry(1), Entry(2), Entry(3)], default);
        Assert.Null(first[0]);
        Assert.Null(first[2]);
        Assert.True(first[1]!.Transient);
        Assert.StartsWith("eventhubs: ", first[1]!.Reason);
        Assert.Equal(1, fanOut.HalfDelivered);

        hubs.Answer = _ => null;
        var second = await fanOut.SendAsync([Entry(2)], default);
        Assert.Null(second[0]);
        Assert.Equal(["e1", "e2", "e3"], kafka.Received); // e2 was not sent to Kafka again
        Assert.Equal(["e1", "e2", "e3", "e2"], hubs.Received);
        Assert.Equal(0, fanOut.HalfDelivered);
    }

    [Fact]
    public async Task A_permanent_refusal_by_either_transport_wins_over_a_transient_failure_of_the_other()
    {
        var kafka = new ScriptedTransport("kafka") { Answer = _ => Down };
        var hubs = new ScriptedTransport("eventhubs") { Answer = _ => new OutboxSendFailure("MessageSizeExceeded: too large", Transient: false) };
        var results = await new FanOutTransport([kafka, hubs]).SendAsync([Entry(1)], default);
        Assert.False(results[0]!.Transient);
        Assert.Equal("eventhubs: MessageSizeExceeded: too large", results[0]!.Reason);
    }

    [Fact]
    public async Task A_transport_that_throws_failed_its_whole_share_transiently_and_the_other_keeps_its_acknowledgements()
    {
        var kafka = new ScriptedTransport("kafka") { Throw = new InvalidOperationException("producer gone") };
        var hubs = new ScriptedTransport("eventhubs");
        var fanOut = new FanOutTransport([kafka, hubs]);
        var results = await fanOut.SendAsync([Entry(1), Entry(2)], default);
        Assert.All(results, r => Assert.True(r!.Transient && r.Reason.StartsWith("kafka: InvalidOperationException", StringComparison.Ordinal)));
        Assert.Equal(2, fanOut.HalfDelivered);

        kafka.Throw = null;
        Assert.All(await fanOut.SendAsync([Entry(1), Entry(2)], default), Assert.Null);
        Assert.Equal(["e1", "e2"], hubs.Received);
    }

    [Fact]
    public async Task Through_the_drainer_an_outage_of_one_transport_charges_nothing_keeps_the_rows_and_delivers_once_it_is_back()
    {
        using var folder = new TempFolder();
        using var db = LeptonDatabase.Open(folder.Path, createIfEmpty: true);
        var outbox = new SqliteAlertOutbox(db, TimeProvider.System);
        var kafka = new ScriptedTransport("kafka");
        var hubs = new ScriptedTransport("eventhubs") { Answer = _ => Down };
        var health = new ServiceHealth();
        var drainer = new OutboxDrainer(outbox, AlertOutboxPublisher.Combine([kafka, hubs]), new OutboxOptions { MaxAttempts = 2 }, health, TimeProvider.System);
        await outbox.AddAsync([new OutboxMessage("acme", "a1", Encoding.UTF8.GetBytes("{}")), new OutboxMessage("beta", "b1", Encoding.UTF8.GetBytes("{}"))]);

        // Event Hubs down for three rounds (more than MaxAttempts): an outage, so nothing is charged or parked.
        for (var i = 0; i < 3; i++)
        {
            var round = await drainer.RunRoundAsync(default);
            Assert.True(round.Outage);
            Assert.Equal((0, 2), (round.Delivered, round.Failed));
        }
        Assert.Equal(2, await outbox.CountAsync());
        Assert.Empty(await outbox.ListParkedAsync(10));
        Assert.Equal(2, kafka.Received.Count); // Kafka got the round once, not once per retry

        hubs.Answer = _ => null;
        var back = await drainer.RunRoundAsync(default);
        Assert.Equal(2, back.Delivered);
        Assert.Equal(0, await outbox.CountAsync());
        Assert.Equal(["a1", "b1"], kafka.Received.Order());
        Assert.Equal(8, hubs.Received.Count);
        Assert.False(health.IsDegraded);
    }

    [Fact]
    public void One_transport_is_used_as_is_and_none_is_a_configuration_error()
    {
        var kafka = new ScriptedTransport("kafka");
        Assert.Same(kafka, AlertOutboxPublisher.Combine([kafka]));
        Assert.Throws<InvalidOperationException>(() => AlertOutboxPublisher.Combine([]));
    }
}
