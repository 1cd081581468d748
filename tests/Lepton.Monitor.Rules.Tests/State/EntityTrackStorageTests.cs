using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules.Tests.State;

/// <summary>
/// The entity buffers' storage (32-byte events whose record key is computed from the id, compaction of expired events
/// versus growth) is invisible to rules: the held events, replays and snapshots are those of a plain sorted list.
/// </summary>
public sealed class EntityTrackStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_sliding_window_holds_exactly_the_events_a_sorted_list_would_through_compaction_and_growth()
    {
        var state = new EntityWindows(new EntityWindowsOptions { AllowedLateness = TimeSpan.Zero, MaxEventsPerEntity = 50 });
        state.EnsureRetention(TimeSpan.FromMinutes(30));
        var expected = new List<(long Ticks, string Id)>();
        var random = new Random(18);
        var minute = 0.0;
        for (var i = 0; i < 5_000; i++)
        {
            // Mostly one event a minute (about 30 held, the window sliding), with bursts that grow the buffer and gaps that drain it.
            minute += i % 700 < 100 ? 0.2 : i % 700 < 150 ? 5 : random.NextDouble() * 2;
            var time = T0.AddMinutes(minute);
            var id = $"tx-{i}";
            var history = state.Observe("a", time, i, PaymentChannel.Card, id);

            expected.Add((time.UtcTicks, id));
            var horizon = time.UtcTicks - TimeSpan.FromMinutes(30).Ticks;
            expected.RemoveAll(e => e.Ticks < horizon);
            if (expected.Count > 50)
                expected.RemoveRange(0, expected.Count - 50);

            Assert.Equal(expected.Count, history.Events.Length);
            Assert.Equal(history.Events.Length - 1, history.Index);
            for (var k = 0; k < expected.Count; k++)
            {
                Assert.Equal(expected[k].Ticks, history.Events[k].Ticks);
                Assert.Equal(expected[k].Id, history.Events[k].RecordId);
            }
        }
        Assert.Equal(0, state.Replays);
    }

    [Fact]
    public void A_replay_is_recognised_by_its_id_among_events_of_the_same_time_after_the_buffer_moved()
    {
        var state = new EntityWindows();
        state.EnsureRetention(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 40; i++)
            state.Observe("a", T0.AddMinutes(i), 100, PaymentChannel.Cash, $"tx-{i}");
        state.Observe("a", T0.AddMinutes(39), 100, PaymentChannel.Cash, "tx-39b"); // same time, another record

        var replay = state.Observe("a", T0.AddMinutes(39), 100, PaymentChannel.Cash, "tx-39");
        var other = state.Observe("a", T0.AddMinutes(39), 100, PaymentChannel.Cash, "tx-39c");

        Assert.Equal(1, state.Replays);
        Assert.Equal("tx-39", replay.Events[replay.Index].RecordId);
        Assert.Equal("tx-39c", other.Events[other.Index].RecordId);
    }

    [Fact]
    public void An_event_without_an_id_is_never_a_replay()
    {
        var state = new EntityWindows();
        state.EnsureRetention(TimeSpan.FromMinutes(10));
        state.Observe("a", T0, 100, PaymentChannel.Cash);

        var again = state.Observe("a", T0, 100, PaymentChannel.Cash);

        Assert.Equal(0, state.Replays);
        Assert.Equal(2, again.Events.Length);
    }

    [Fact]
    public void The_record_key_is_the_ids_key_or_the_key_an_event_was_restored_with()
    {
        var withId = new WindowEvent(1, 2, PaymentChannel.Wire, "tx-1");
        var keyOnly = WindowEvent.WithKeyOnly(1, 2, PaymentChannel.Wire, 12345);
        var neither = WindowEvent.WithKeyOnly(1, 2, PaymentChannel.Wire, 0);

        Assert.Equal(WindowEvent.KeyOf("tx-1"), withId.RecordKey);
        Assert.Equal(12345, keyOnly.RecordKey);
        Assert.Null(keyOnly.RecordId);
        Assert.Equal(0, neither.RecordKey);
        Assert.Null(neither.RecordId);
        Assert.Equal(32, System.Runtime.CompilerServices.Unsafe.SizeOf<WindowEvent>());
    }

    [Fact]
    public void A_snapshot_of_compacted_buffers_restores_the_same_events_and_bytes()
    {
        var state = new EntityWindows(new EntityWindowsOptions { AllowedLateness = TimeSpan.Zero });
        state.EnsureRetention(TimeSpan.FromMinutes(20));
        for (var i = 0; i < 300; i++)
            state.Observe($"e{i % 3}", T0.AddMinutes(i * 0.5), i, (PaymentChannel)(i % 7), $"tx-{i}");

        var bytes = state.Snapshot();
        var restored = EntityWindows.Restore(bytes);

        Assert.Equal(bytes, restored.Snapshot());
        Assert.Equal(state.EventCount, restored.EventCount);
        var replay = restored.Observe("e2", T0.AddMinutes(299 * 0.5), 299, (PaymentChannel)(299 % 7), "tx-299");
        Assert.Equal(1, restored.Replays);
        Assert.Equal(replay.Events.Length - 1, replay.Index);
    }
}
