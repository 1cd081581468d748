using System.Diagnostics.Metrics;
using System.Text;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// One alert event the broker never accepts must not block the others: it backs off on its own, holds back only its own
/// tenant's later events (their order is promised), and is parked after N attempts — listed, counted, reported by
/// health, replayable. An outage (nothing delivered, only transient errors) parks nothing.
/// </summary>
public sealed class OutboxRetryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDataFolder _folder = new();
    private readonly LeptonDatabase _db;
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly SqliteAlertOutbox _outbox;
    private readonly FakeTransport _transport = new();
    private readonly ServiceHealth _health = new();
    private readonly OutboxDrainer _drainer;

    public OutboxRetryTests()
    {
        _db = _folder.Open();
        _outbox = new SqliteAlertOutbox(_db, _clock);
        _drainer = new OutboxDrainer(_outbox, _transport, new OutboxOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromSeconds(10) }, _health, _clock);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

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
    public async Task An_outbox_table_written_by_an_older_build_is_migrated_and_its_events_are_still_published()
    {
        await _db.WriteAsync((c, t) => LeptonDatabase.Execute(c, """
            CREATE TABLE alert_outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, msg_key TEXT NOT NULL, event_id TEXT NOT NULL, payload BLOB NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
            INSERT INTO alert_outbox (msg_key, event_id, payload, attempts, created_at) VALUES ('acme', 'old-1', x'00', 7, 0);
            """, t));

        var round = await _drainer.RunRoundAsync(default);

        Assert.Equal(1, round.Delivered);
        Assert.Equal(["old-1"], _transport.Delivered);
    }

    /// <summary>A broker that refuses chosen events (as too large) or is down altogether (every send times out).</summary>
    private sealed class FakeTransport : IOutboxTransport
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
