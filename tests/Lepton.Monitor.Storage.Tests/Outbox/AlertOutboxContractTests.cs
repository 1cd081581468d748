using System.Diagnostics.Metrics;
using System.Text;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="IAlertOutbox"/> must do, driven through <see cref="OutboxDrainer"/>: one alert event the broker
/// never accepts must not block the others: it backs off on its own, holds back only its own tenant's later events
/// (their order is promised), and is parked after N attempts — listed, counted, reported by health, replayable. An
/// outage (nothing delivered, only transient errors) parks nothing. Each backend's subclass runs these against its own
/// fresh database (SQLite: <see cref="SqliteAlertOutboxTests"/>; PostgreSQL: <see cref="PostgresAlertOutboxTests"/>).
/// </summary>
public abstract class AlertOutboxContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly FakeTransport _transport = new();
    private readonly ServiceHealth _health = new();
    private IAlertOutbox _outbox = null!;
    private OutboxDrainer _drainer = null!;

    /// <summary>
    /// A new outbox over this test's database on <paramref name="clock"/>, as after a restart or in another process:
    /// on SQLite the earlier one is done with; on PostgreSQL earlier ones keep working (several processes share it).
    /// </summary>
    protected abstract Task<IAlertOutbox> OpenOutboxAsync(TimeProvider clock);

    public virtual async Task InitializeAsync()
    {
        _outbox = await OpenOutboxAsync(_clock);
        _drainer = new OutboxDrainer(_outbox, _transport, new OutboxOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromSeconds(10) }, _health, _clock);
    }

    public abstract Task DisposeAsync();

    private Task AddAsync(string tenant, params string[] ids) =>
        _outbox.AddAsync([.. ids.Select(id => new OutboxMessage(tenant, id, Encoding.UTF8.GetBytes(id)))]);

    [Fact]
    public async Task A_refused_event_holds_back_only_its_own_tenant_and_is_parked_after_its_attempts_then_the_rest_flows_in_order()
    {
        _transport.Refuse("a1");
        await AddAsync("acme", "a1");
        var first = await _drainer.RunRoundAsync(default);
        Assert.Equal((1, 0, 0), (first.Failed, first.Delivered, first.Parked));
        await AddAsync("acme", "a2", "a3");
        await AddAsync("beta", "b1");

        // Within a1's backoff: acme waits behind it, beta flows.
        await _drainer.RunRoundAsync(default);
        Assert.Equal(["b1"], _transport.Delivered);
        Assert.Equal(["a1"], _transport.Attempted.Where(id => id.StartsWith('a')));

        // After the backoff a1 is tried alone (a probe); its tenant's later events are not sent around it.
        _clock.Advance(TimeSpan.FromMinutes(1));
        var probe = await _drainer.RunRoundAsync(default);
        Assert.Equal((1, 1, 0), (probe.Sent, probe.Failed, probe.Parked));
        Assert.False(_health.IsDegraded);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var third = await _drainer.RunRoundAsync(default);
        Assert.Equal(1, third.Parked); // MaxAttempts = 3
        Assert.Equal(new OutboxDepth(2, 1), third.Depth);

        await _drainer.RunRoundAsync(default);
        Assert.Equal(["b1", "a2", "a3"], _transport.Delivered);
        Assert.Equal(["a1", "b1", "a1", "a1", "a2", "a3"], _transport.Attempted);
    }

    [Fact]
    public async Task A_parked_event_is_listed_with_its_reason_counted_reported_degraded_and_published_when_replayed()
    {
        var parkedCount = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OutboxTelemetry.Name && instrument.Name == "lepton.outbox.parked")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "transport" && (string?)tag.Value == _transport.Name)
                    Interlocked.Add(ref parkedCount, value);
        });
        listener.Start();
        _transport.Refuse("a1");
        await AddAsync("acme", "a1");

        for (var i = 0; i < 3; i++)
        {
            await _drainer.RunRoundAsync(default);
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        var parked = Assert.Single(await _outbox.ListParkedAsync(10));
        Assert.Equal(("acme", "a1", 3), (parked.Key, parked.EventId, parked.Attempts));
        Assert.Contains("too large", parked.LastError);
        Assert.Equal(1, parkedCount);
        var condition = Assert.Single(_health.Conditions);
        Assert.Equal(_drainer.HealthCondition, condition.Name);
        Assert.Contains("1 alert event(s) parked", condition.Reason);
        Assert.Empty(await _outbox.ReadDueAsync(10, _clock.GetUtcNow().AddDays(1))); // parked: never retried by itself

        _transport.Accept("a1");
        Assert.Equal(1, await _outbox.ReplayParkedAsync());
        var replayed = await _drainer.RunRoundAsync(default);

        Assert.Equal(1, replayed.Delivered);
        Assert.Equal(["a1"], _transport.Delivered);
        Assert.Empty(await _outbox.ListParkedAsync(10));
        Assert.False(_health.IsDegraded);
        Assert.Equal(0, await _outbox.CountAsync());
    }

    [Fact]
    public async Task A_broker_outage_charges_no_event_an_attempt_so_nothing_is_parked_for_it()
    {
        await AddAsync("acme", "a1", "a2");
        await AddAsync("beta", "b1");
        _transport.Down = true;

        for (var i = 0; i < 5; i++)
        {
            var round = await _drainer.RunRoundAsync(default);
            Assert.True(round.Outage);
            Assert.Equal(3, round.Sent); // nothing backs off: every round offers all of them again
        }

        Assert.All(await _outbox.PeekAsync(10), e => Assert.Equal(0, e.Attempts));
        Assert.Empty(await _outbox.ListParkedAsync(10));
        _transport.Down = false;
        await _drainer.RunRoundAsync(default);
        Assert.Equal(["a1", "a2", "b1"], _transport.Delivered);
    }

    [Fact]
    public async Task Events_of_a_tenant_that_failed_beside_its_first_failing_event_are_not_charged_and_follow_it_in_order()
    {
        await AddAsync("acme", "a1", "a2", "a3");
        _transport.Refuse("a1", "a2", "a3");
        _transport.Accept("b1");
        await AddAsync("beta", "b1"); // delivered in the same round: not an outage, so a1 is charged

        await _drainer.RunRoundAsync(default);

        Assert.Equal([1, 0, 0], (await _outbox.PeekAsync(10)).Select(e => e.Attempts));
        _transport.Accept("a1", "a2", "a3");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _drainer.RunRoundAsync(default); // the probe
        await _drainer.RunRoundAsync(default); // the rest, in one round
        Assert.Equal(["b1", "a1", "a2", "a3"], _transport.Delivered);
    }

    [Fact]
    public async Task Added_messages_keep_their_order_key_id_payload_and_time_across_a_reopen()
    {
        await _outbox.AddAsync([new OutboxMessage("acme", "e1", [1, 2, 3]), new OutboxMessage("beta", "e2", [0])]);
        _clock.Advance(TimeSpan.FromSeconds(3));
        await _outbox.AddAsync([new OutboxMessage("acme", "e3", [])]);
        await _outbox.AddAsync([]);

        var reopened = await OpenOutboxAsync(_clock);
        var entries = await reopened.PeekAsync(10);

        Assert.Equal(["e1", "e2", "e3"], entries.Select(e => e.EventId));
        Assert.Equal(["acme", "beta", "acme"], entries.Select(e => e.Key));
        Assert.Equal([1, 2, 3], entries[0].Payload);
        Assert.Empty(entries[2].Payload);
        Assert.True(entries[0].Seq < entries[1].Seq && entries[1].Seq < entries[2].Seq);
        Assert.All(entries, e => Assert.Equal(0, e.Attempts));
        Assert.Equal(Start, entries[0].CreatedAt);
        Assert.Equal(Start.AddSeconds(3), entries[2].CreatedAt);
        Assert.Equal(["e1"], (await reopened.PeekAsync(1)).Select(e => e.EventId));
        Assert.Equal(3, await reopened.CountAsync());
        Assert.Equal(new OutboxDepth(3, 0), await reopened.GetDepthAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reopened.PeekAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reopened.ReadDueAsync(0, Start));
    }

    [Fact]
    public async Task Due_reads_hold_a_key_behind_its_backing_off_head_and_delete_only_the_given_seqs()
    {
        await AddAsync("acme", "a1", "a2");
        await AddAsync("beta", "b1", "b2");
        var all = await _outbox.PeekAsync(10);
        await _outbox.MarkFailedAsync([new OutboxFailure(all[0].Seq, 1, Start.AddMinutes(1), false, "nope")]);

        Assert.Equal(["b1", "b2"], (await _outbox.ReadDueAsync(10, Start)).Select(e => e.EventId));
        Assert.Equal(["a1", "b1", "b2"], (await _outbox.ReadDueAsync(10, Start.AddMinutes(1))).Select(e => e.EventId)); // a1 alone: a probe
        Assert.Equal(["a1", "b1"], (await _outbox.ReadDueAsync(2, Start.AddMinutes(1))).Select(e => e.EventId));

        await _outbox.DeleteAsync([all[2].Seq]);
        await _outbox.DeleteAsync([]);

        Assert.Equal(["a1", "a2", "b2"], (await _outbox.PeekAsync(10)).Select(e => e.EventId));
        Assert.Equal(1, (await _outbox.PeekAsync(10))[0].Attempts);
    }

    [Fact]
    public async Task Parked_messages_are_listed_per_key_and_replayed_by_seq_before_their_tenants_waiting_ones()
    {
        await AddAsync("acme", "a1");
        await AddAsync("beta", "b1");
        await AddAsync("acme", "a2");
        var all = await _outbox.PeekAsync(10);
        await _outbox.MarkFailedAsync([
            new OutboxFailure(all[0].Seq, 3, Start.AddSeconds(5), true, "too large"),
            new OutboxFailure(all[1].Seq, 3, Start.AddSeconds(6), true, "refused"),
        ]);

        Assert.Equal(["a1", "b1"], (await _outbox.ListParkedAsync(10)).Select(p => p.EventId));
        var parked = Assert.Single(await _outbox.ListParkedAsync(10, key: "beta"));
        Assert.Equal(new ParkedOutboxEntry(all[1].Seq, "beta", "b1", 3, "refused", Start.AddSeconds(6), Start), parked);
        Assert.Empty(await _outbox.ListParkedAsync(10, key: "initech"));
        Assert.Equal(new OutboxDepth(1, 2), await _outbox.GetDepthAsync());
        Assert.Equal(["a2"], (await _outbox.ReadDueAsync(10, Start.AddDays(1))).Select(e => e.EventId));

        Assert.Equal(1, await _outbox.ReplayParkedAsync([all[0].Seq, all[2].Seq])); // a2 is not parked: not counted
        Assert.Equal(0, await _outbox.ReplayParkedAsync([all[0].Seq]));

        Assert.Equal(["a1", "a2"], (await _outbox.ReadDueAsync(10, Start)).Select(e => e.EventId));
        Assert.Equal(0, (await _outbox.PeekAsync(10))[0].Attempts);
        Assert.Equal(["b1"], (await _outbox.ListParkedAsync(10)).Select(p => p.EventId));
        Assert.Equal(1, await _outbox.ReplayParkedAsync());
        Assert.Equal(new OutboxDepth(3, 0), await _outbox.GetDepthAsync());
    }

    [Fact]
    public async Task A_waiter_is_woken_by_an_add_of_its_own_outbox()
    {
        var wait = _outbox.WaitForAddAsync(TimeSpan.FromMinutes(5));

        await AddAsync("acme", "a1");

        Assert.Same(wait, await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(30))));
    }

    /// <summary>A broker that refuses chosen events (as too large) or is down altogether (every send times out).</summary>
    protected sealed class FakeTransport : IOutboxTransport
    {
        private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

        public string Name { get; } = "fake-" + Guid.NewGuid().ToString("N");
        public bool Down { get; set; }
        public List<string> Attempted { get; } = [];
        public List<string> Delivered { get; } = [];

        public void Refuse(params string[] ids) => _refused.UnionWith(ids);

        public void Accept(params string[] ids) => _refused.ExceptWith(ids);

        public Task<IReadOnlyList<OutboxSendFailure?>> SendAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
        {
            var results = new OutboxSendFailure?[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                Attempted.Add(entries[i].EventId);
                if (Down)
                    results[i] = new OutboxSendFailure("Local_MsgTimedOut: message timed out", Transient: true);
                else if (_refused.Contains(entries[i].EventId))
                    results[i] = new OutboxSendFailure("MsgSizeTooLarge: message too large", Transient: false);
                else
                    Delivered.Add(entries[i].EventId);
            }
            return Task.FromResult<IReadOnlyList<OutboxSendFailure?>>(results);
        }
    }
}
