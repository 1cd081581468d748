using System.Text;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.State;

/// <summary>
/// Snapshot format version 2 holds each event's record id (for alert evidence); version 1 snapshots, written before,
/// still restore — their events keep their record keys (replays are still recognised) and lack only the ids.
/// </summary>
public sealed class SnapshotVersionTests
{
    /// <summary>A version-1 snapshot as the previous code wrote it: entity cust-1 with two cash deposits (d-1, d-2).</summary>
    private static byte[] Version1Snapshot()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            var first = WindowRecords.T0;
            var second = WindowRecords.T0.AddMinutes(1);
            w.Write("LEW"u8);
            w.Write((byte)1);
            w.Write7BitEncodedInt64(TimeSpan.FromDays(1).Ticks); // retention
            w.Write(second.UtcTicks); // global watermark
            for (var i = 0; i < 6; i++)
                w.Write7BitEncodedInt64(0); // late, tooLate, evicted, expired, truncated, replays
            w.Write7BitEncodedInt(1);
            w.Write("cust-1");
            w.Write(second.UtcTicks);
            w.Write7BitEncodedInt(2);
            w.Write(first.UtcTicks);
            w.Write7BitEncodedInt64(910_000);
            w.Write((byte)PaymentChannel.Cash);
            w.Write(WindowEvent.KeyOf("d-1"));
            w.Write7BitEncodedInt64(second.UtcTicks - first.UtcTicks);
            w.Write7BitEncodedInt64(920_000);
            w.Write((byte)PaymentChannel.Cash);
            w.Write(WindowEvent.KeyOf("d-2"));
        }
        return stream.ToArray();
    }

    [Fact]
    public void A_version_1_snapshot_still_restores_and_completes_a_pattern()
    {
        var state = EntityWindows.Restore(Version1Snapshot());
        var run = new WindowRecords(ShippedPacks.Engine("US"), state);

        Assert.Equal(2, state.EventCount);
        // A replay of a record the old snapshot held is still recognised by its key.
        Assert.Empty(run.Run(WindowRecords.At(TimeSpan.FromMinutes(1), 9_200m, id: "d-2"), RuleKinds.Structuring));
        Assert.Equal(1, state.Replays);

        var hit = Assert.Single(run.Run(WindowRecords.At(TimeSpan.FromMinutes(2), 9_300m, id: "d-3"), RuleKinds.Structuring));
        Assert.Equal(3, hit.Explanation.Values[0].Value);
        Assert.Equal(["d-3"], hit.EvidenceRecordIds!); // the ids version 1 did not keep cannot be listed
    }

    [Fact]
    public void A_snapshot_is_written_as_version_2_and_round_trips_ids_keys_and_events()
    {
        var run = new WindowRecords(ShippedPacks.Engine("US"), EntityWindows.Restore(Version1Snapshot()));
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(2), 50m, PaymentChannel.Card, id: "c-1"), RuleKinds.Structuring);

        var snapshot = run.State.Snapshot();
        var restored = EntityWindows.Restore(snapshot);

        Assert.Equal(2, snapshot[3]);
        Assert.Equal(snapshot, restored.Snapshot());
        Assert.Equal(3, restored.EventCount);
        // Replays of both kinds of event (restored without an id, observed with one) are recognised after the round trip.
        restored.Observe("cust-1", WindowRecords.T0, 910_000, PaymentChannel.Cash, "d-1");
        restored.Observe("cust-1", WindowRecords.T0.AddMinutes(2), 5_000, PaymentChannel.Card, "c-1");
        Assert.Equal(2, restored.Replays);
    }

    [Fact]
    public void An_unknown_snapshot_version_is_refused()
    {
        var snapshot = Version1Snapshot();
        snapshot[3] = 9;

        var e = Assert.Throws<InvalidDataException>(() => EntityWindows.Restore(snapshot));

        Assert.Contains("version 9", e.Message, StringComparison.Ordinal);
    }
}
