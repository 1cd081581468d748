using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules.Tests.State;

public sealed class EntityWindowsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static EntityWindows State(int maxEntities = 100, int maxEvents = 100, double latenessMinutes = 60, double retentionMinutes = 60)
    {
        var state = new EntityWindows(new EntityWindowsOptions
        {
            MaxEntities = maxEntities, MaxEventsPerEntity = maxEvents, AllowedLateness = TimeSpan.FromMinutes(latenessMinutes),
        });
        state.EnsureRetention(TimeSpan.FromMinutes(retentionMinutes));
        return state;
    }

    private static int Observe(EntityWindows state, string entity, double minutes, long cents = 100) =>
        state.Observe(entity, T0.AddMinutes(minutes), cents, PaymentChannel.Cash).Events.Length;

    [Fact]
    public void Over_the_entity_cap_the_least_recently_seen_entity_is_evicted_and_counted()
    {
        var state = State(maxEntities: 2);
        Observe(state, "a", 0);
        Observe(state, "b", 1);
        Observe(state, "a", 2); // a is now the most recently seen

        Observe(state, "c", 3);

        Assert.Equal(2, state.EntityCount);
        Assert.Equal(1, state.EvictedEntities);
        Assert.Equal(3, Observe(state, "a", 4)); // a kept its events
        Assert.Equal(1, Observe(state, "b", 5)); // b starts over
    }

    [Fact]
    public void Over_the_event_cap_the_oldest_event_is_dropped_and_counted()
    {
        var state = State(maxEvents: 3);
        for (var i = 0; i < 5; i++)
            Observe(state, "a", i);

        Assert.Equal(3, state.EventCount);
        Assert.Equal(2, state.TruncatedEvents);
    }

    [Fact]
    public void Events_older_than_window_plus_lateness_are_dropped()
    {
        var state = State(latenessMinutes: 10, retentionMinutes: 60);
        Observe(state, "a", 0);

        var atHorizon = state.Observe("a", T0.AddMinutes(70), 1, PaymentChannel.Cash).Events[0].Ticks; // horizon 0: held
        var pastHorizon = state.Observe("a", T0.AddMinutes(71), 1, PaymentChannel.Cash).Events[0].Ticks; // horizon 1 min: dropped

        Assert.Equal(T0.UtcTicks, atHorizon);
        Assert.Equal(T0.AddMinutes(70).UtcTicks, pastHorizon);
    }

    [Fact]
    public void Idle_entities_expire_once_the_stream_has_moved_past_their_retention()
    {
        var state = State(latenessMinutes: 0, retentionMinutes: 10);
        Observe(state, "idle", 0);
        for (var i = 0; i < 5_000; i++)
            Observe(state, "busy-" + (i % 10), 60 + i / 100.0);

        Assert.Equal(1, state.ExpiredEntities);
        Assert.Equal(10, state.EntityCount);
    }

    [Fact]
    public void Late_and_too_late_records_are_counted_never_dropped_silently()
    {
        var state = State(latenessMinutes: 10, retentionMinutes: 60);
        Observe(state, "a", 100);

        Assert.Equal(2, Observe(state, "a", 95)); // within lateness
        Assert.Equal(3, Observe(state, "a", 50)); // late: beyond lateness, window still held
        Assert.Equal(1, Observe(state, "a", 20)); // too late: older than anything held, seen alone

        Assert.Equal(1, state.Late);
        Assert.Equal(1, state.TooLate);
    }

    [Fact]
    public void Snapshot_round_trips_events_order_and_counters()
    {
        var state = State(maxEvents: 3, latenessMinutes: 10);
        Observe(state, "a", 0, 1_000);
        Observe(state, "b", 1, 2_000);
        Observe(state, "a", 2, 3_000);
        Observe(state, "a", 30, 4_000);
        Observe(state, "a", 31, 5_000); // truncates one
        Observe(state, "a", 5, 6_000); // late

        var restored = EntityWindows.Restore(state.Snapshot(), state.Options);

        Assert.Equal(state.EntityCount, restored.EntityCount);
        Assert.Equal(state.EventCount, restored.EventCount);
        Assert.Equal((state.Late, state.TooLate, state.TruncatedEvents, state.Replays, state.Retention), (restored.Late, restored.TooLate, restored.TruncatedEvents, restored.Replays, restored.Retention));
        var original = state.Observe("a", T0.AddMinutes(32), 1, PaymentChannel.Cash).Events.ToArray();
        var copy = restored.Observe("a", T0.AddMinutes(32), 1, PaymentChannel.Cash).Events.ToArray();
        Assert.Equal(original, copy);
    }

    [Fact]
    public void Snapshot_is_compact()
    {
        var state = State();
        for (var e = 0; e < 1_000; e++)
            Observe(state, "customer-" + (e % 100), e / 10.0, 950_000 + e);

        var bytes = state.Snapshot().Length;

        Assert.True(bytes < 100 * 30 + 1_000 * 20, $"{bytes} bytes for 100 entities and 1,000 events");
    }

    [Fact]
    public void A_record_seen_again_is_not_held_twice_and_keys_survive_a_restore()
    {
        var state = State();
        state.Observe("a", T0, 100, PaymentChannel.Cash, "tx-1");
        state.Observe("a", T0, 100, PaymentChannel.Cash, "tx-2"); // same time, another record
        state.Observe("a", T0, 100, PaymentChannel.Cash, "tx-1");

        var restored = EntityWindows.Restore(state.Snapshot(), state.Options);
        restored.Observe("a", T0, 100, PaymentChannel.Cash, "tx-2");

        Assert.Equal(2, state.EventCount);
        Assert.Equal(1, state.Replays);
        Assert.Equal(2, restored.EventCount);
        Assert.Equal(2, restored.Replays);
        Assert.Equal(WindowEvent.KeyOf("tx-1"), WindowEvent.KeyOf("tx-1"));
        Assert.Equal(0, WindowEvent.KeyOf(null));
    }

    [Fact]
    public void Least_recently_seen_order_survives_a_restore()
    {
        var state = State(maxEntities: 2);
        Observe(state, "a", 0);
        Observe(state, "b", 1);
        Observe(state, "a", 2);

        var restored = EntityWindows.Restore(state.Snapshot(), state.Options);
        restored.Observe("c", T0.AddMinutes(3), 1, PaymentChannel.Cash);

        Assert.Equal(3, restored.Observe("a", T0.AddMinutes(4), 1, PaymentChannel.Cash).Events.Length); // b was evicted, not a
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3, 4 })]
    [InlineData(new byte[] { (byte)'L', (byte)'E', (byte)'W', 9 })]
    [InlineData(new byte[] { (byte)'L', (byte)'E', (byte)'W', 1, 5 })]
    public void A_broken_snapshot_is_refused(byte[] snapshot)
    {
        Assert.Throws<InvalidDataException>(() => EntityWindows.Restore(snapshot));
    }

    [Fact]
    public void Approximate_bytes_per_entity_is_reported()
    {
        var state = State();
        for (var i = 0; i < 50; i++)
            Observe(state, "p_" + i.ToString("D22"), i);

        Assert.InRange(state.ApproximateBytesPerEntity(), 100, 1_000);
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntityWindows(new EntityWindowsOptions { MaxEntities = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntityWindows(new EntityWindowsOptions { AllowedLateness = TimeSpan.FromSeconds(-1) }));
    }
}
