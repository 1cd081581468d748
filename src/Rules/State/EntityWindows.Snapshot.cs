using System.Text;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>Compact, versioned binary form of <see cref="EntityWindows"/> for Orleans grain state.</summary>
/// <remarks>
/// Layout (version 2, little-endian, varints as in <see cref="BinaryWriter.Write7BitEncodedInt64"/>):
/// <c>"LEW" 0x02</c>, retention ticks, global watermark (int64), counters late, tooLate, evicted, expired, truncated, replays,
/// entity count; per entity from least to most recently seen: key (length-prefixed UTF-8), watermark (int64), event
/// count, then per event the tick delta from the previous one (the first is absolute), amount in cents, a channel byte
/// whose high bit says a record id follows, then either the record id (length-prefixed UTF-8; its 64-bit key is
/// recomputed on restore) or, for an event without one, the record key (int64). An event of generated traffic takes
/// about 25 bytes (32 in memory, plus its id).
/// Version 1 (still read) had no ids: every event ended with its record key; such events restore without an id, so an
/// alert built on them lists the ids it knows.
/// </remarks>
public sealed partial class EntityWindows
{
    private static ReadOnlySpan<byte> Magic => "LEW"u8;
    private const byte FormatVersion = 2;
    private const byte HasRecordId = 0x80;

    /// <summary>The whole state, to be handed to <see cref="Restore"/> after a reactivation.</summary>
    /// <remarks>
    /// Written into one array of the exact length, measured first: a monitor's snapshot runs to megabytes, and a growing
    /// stream plus its final copy put three to four times that on the large-object heap at every checkpoint.
    /// </remarks>
    public byte[] Snapshot()
    {
        var bytes = new byte[SnapshotLength()];
        var w = new SnapshotWriter(bytes);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write7BitEncoded(_retentionTicks);
        w.Write(_globalWatermark);
        w.Write7BitEncoded(Late);
        w.Write7BitEncoded(TooLate);
        w.Write7BitEncoded(EvictedEntities);
        w.Write7BitEncoded(ExpiredEntities);
        w.Write7BitEncoded(_truncated);
        w.Write7BitEncoded(Replays);
        w.Write7BitEncoded(_tracks.Count);
        for (var track = _oldest; track is not null; track = track.Newer)
        {
            w.Write(track.Key);
            w.Write(track.Watermark);
            w.Write7BitEncoded(track.Count);
            var previous = 0L;
            var first = true;
            foreach (ref readonly var e in track.Live)
            {
                if (first)
                    w.Write(e.Ticks);
                else
                    w.Write7BitEncoded(e.Ticks - previous);
                first = false;
                previous = e.Ticks;
                w.Write7BitEncoded(e.AmountCents);
                if (e.RecordId is { } id)
                {
                    w.Write((byte)((byte)e.Channel | HasRecordId));
                    w.Write(id);
                }
                else
                {
                    w.Write((byte)e.Channel);
                    w.Write(e.RecordKey);
                }
            }
        }
        if (w.Position != bytes.Length)
            throw new InvalidOperationException($"entity-windows snapshot measured {bytes.Length} bytes but wrote {w.Position}");
        return bytes;
    }

    /// <summary>The length <see cref="Snapshot"/> writes, field by field as it writes them.</summary>
    private long SnapshotLengthLong()
    {
        long n = Magic.Length + 1
            + SnapshotWriter.Length7BitEncoded(_retentionTicks) + sizeof(long)
            + SnapshotWriter.Length7BitEncoded(Late) + SnapshotWriter.Length7BitEncoded(TooLate)
            + SnapshotWriter.Length7BitEncoded(EvictedEntities) + SnapshotWriter.Length7BitEncoded(ExpiredEntities)
            + SnapshotWriter.Length7BitEncoded(_truncated) + SnapshotWriter.Length7BitEncoded(Replays)
            + SnapshotWriter.Length7BitEncoded(_tracks.Count);
        for (var track = _oldest; track is not null; track = track.Newer)
        {
            n += SnapshotWriter.LengthOf(track.Key) + sizeof(long) + SnapshotWriter.Length7BitEncoded(track.Count);
            var previous = 0L;
            var first = true;
            foreach (ref readonly var e in track.Live)
            {
                n += first ? sizeof(long) : SnapshotWriter.Length7BitEncoded(e.Ticks - previous);
                first = false;
                previous = e.Ticks;
                n += SnapshotWriter.Length7BitEncoded(e.AmountCents) + 1;
                n += e.RecordId is { } id ? SnapshotWriter.LengthOf(id) : sizeof(long);
            }
        }
        return n;
    }

    private int SnapshotLength()
    {
        var n = SnapshotLengthLong();
        return n <= Array.MaxLength ? (int)n : throw new InvalidOperationException($"entity-windows snapshot of {n} bytes exceeds an array");
    }

    /// <summary>State read back from <see cref="Snapshot"/>, held to <paramref name="options"/> (a smaller budget evicts at once).</summary>
    /// <exception cref="InvalidDataException">Not a snapshot of a known version, or cut short.</exception>
    public static EntityWindows Restore(byte[] snapshot, EntityWindowsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new EntityWindows(options);
        if (snapshot.Length < 4 || !snapshot.AsSpan(0, 3).SequenceEqual(Magic))
            throw new InvalidDataException("not an entity-windows snapshot");
        var version = snapshot[3];
        if (version is not (1 or FormatVersion))
            throw new InvalidDataException($"entity-windows snapshot version {version} is not supported (expected 1 or {FormatVersion})");

        try
        {
            using var r = new BinaryReader(new MemoryStream(snapshot, 4, snapshot.Length - 4), Encoding.UTF8);
            state._retentionTicks = r.Read7BitEncodedInt64();
            state._globalWatermark = r.ReadInt64();
            state.Late = r.Read7BitEncodedInt64();
            state.TooLate = r.Read7BitEncodedInt64();
            state.EvictedEntities = r.Read7BitEncodedInt64();
            state.ExpiredEntities = r.Read7BitEncodedInt64();
            state._truncated = r.Read7BitEncodedInt64();
            state.Replays = r.Read7BitEncodedInt64();
            var entities = r.Read7BitEncodedInt();
            for (var i = 0; i < entities; i++)
            {
                var track = state.Touch(r.ReadString());
                track.Watermark = r.ReadInt64();
                var count = r.Read7BitEncodedInt();
                var ticks = 0L;
                for (var k = 0; k < count; k++)
                {
                    ticks = k == 0 ? r.ReadInt64() : ticks + r.Read7BitEncodedInt64();
                    var cents = r.Read7BitEncodedInt64();
                    var channelByte = r.ReadByte();
                    WindowEvent e;
                    if (version >= 2 && (channelByte & HasRecordId) != 0)
                    {
                        var id = r.ReadString();
                        e = new WindowEvent(ticks, cents, (PaymentChannel)(channelByte & ~HasRecordId), id);
                    }
                    else
                    {
                        e = WindowEvent.WithKeyOnly(ticks, cents, (PaymentChannel)channelByte, r.ReadInt64());
                    }
                    track.Insert(e, state.Options.MaxEventsPerEntity, ref state._truncated);
                }
            }
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new InvalidDataException("entity-windows snapshot has trailing bytes");
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("entity-windows snapshot is cut short", e);
        }
        return state;
    }
}
