using System.Text;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules.Tests.State;

/// <summary>
/// The snapshot is written into an exact-length array instead of through a BinaryWriter; its bytes must stay those
/// the BinaryWriter wrote (version 2), so older and newer builds read each other's grain state.
/// </summary>
public sealed class SnapshotEncodingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_bytes_are_the_binary_writer_encoding_of_the_state()
    {
        // A version-1 entity (key-only events), then new events with non-ASCII ids, negative and huge amounts, an id-less event.
        var version1 = new byte[] { (byte)'L', (byte)'E', (byte)'W', 1 }.Concat(V1Body()).ToArray();
        var state = EntityWindows.Restore(version1);
        state.Observe("kunde-ü", T0.AddMinutes(1), -250, PaymentChannel.Sepa, "tx-é-1");
        state.Observe("kunde-ü", T0.AddMinutes(2), long.MaxValue, PaymentChannel.Wire, "tx-😀-2");
        state.Observe("c-2", T0.AddMinutes(3), 0, PaymentChannel.Cash);
        state.Observe("c-2", T0.AddMinutes(2.5), 7, PaymentChannel.Cash, "late"); // out of order: held in time order

        var expected = new MemoryStream();
        using (var w = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("LEW"u8);
            w.Write((byte)2);
            w.Write7BitEncodedInt64(TimeSpan.FromDays(1).Ticks);
            w.Write(T0.AddMinutes(3).UtcTicks); // global watermark
            w.Write7BitEncodedInt64(0); // late: 2.5 min is within the hour of lateness
            for (var i = 0; i < 5; i++)
                w.Write7BitEncodedInt64(0); // tooLate, evicted, expired, truncated, replays
            w.Write7BitEncodedInt(3);
            // least recently seen first: cust-1 (restored), kunde-ü, c-2
            w.Write("cust-1");
            w.Write(T0.UtcTicks);
            w.Write7BitEncodedInt(1);
            w.Write(T0.UtcTicks);
            w.Write7BitEncodedInt64(910_000);
            w.Write((byte)PaymentChannel.Cash);
            w.Write(WindowEvent.KeyOf("d-1"));

            w.Write("kunde-ü");
            w.Write(T0.AddMinutes(2).UtcTicks);
            w.Write7BitEncodedInt(2);
            w.Write(T0.AddMinutes(1).UtcTicks);
            w.Write7BitEncodedInt64(-250);
            w.Write((byte)((byte)PaymentChannel.Sepa | 0x80));
            w.Write("tx-é-1");
            w.Write7BitEncodedInt64(TimeSpan.FromMinutes(1).Ticks);
            w.Write7BitEncodedInt64(long.MaxValue);
            w.Write((byte)((byte)PaymentChannel.Wire | 0x80));
            w.Write("tx-😀-2");

            w.Write("c-2");
            w.Write(T0.AddMinutes(3).UtcTicks);
            w.Write7BitEncodedInt(2);
            w.Write(T0.AddMinutes(2.5).UtcTicks);
            w.Write7BitEncodedInt64(7);
            w.Write((byte)((byte)PaymentChannel.Cash | 0x80));
            w.Write("late");
            w.Write7BitEncodedInt64(TimeSpan.FromMinutes(0.5).Ticks);
            w.Write7BitEncodedInt64(0);
            w.Write((byte)PaymentChannel.Cash);
            w.Write(0L); // no id, no key
        }

        Assert.Equal(expected.ToArray(), state.Snapshot());
    }

    [Fact]
    public void An_empty_state_snapshots_to_its_header_and_restores()
    {
        var bytes = new EntityWindows().Snapshot();

        Assert.Equal(4 + 1 + 8 + 6 + 1, bytes.Length);
        Assert.Equal(0, EntityWindows.Restore(bytes).EntityCount);
    }

    private static byte[] V1Body()
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write7BitEncodedInt64(TimeSpan.FromDays(1).Ticks);
            w.Write(T0.UtcTicks);
            for (var i = 0; i < 6; i++)
                w.Write7BitEncodedInt64(0);
            w.Write7BitEncodedInt(1);
            w.Write("cust-1");
            w.Write(T0.UtcTicks);
            w.Write7BitEncodedInt(1);
            w.Write(T0.UtcTicks);
            w.Write7BitEncodedInt64(910_000);
            w.Write((byte)PaymentChannel.Cash);
            w.Write(WindowEvent.KeyOf("d-1"));
        }
        return stream.ToArray();
    }
}
