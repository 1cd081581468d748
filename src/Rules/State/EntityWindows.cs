using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Per-entity event history for windowed rules (<c>structuring</c>, <c>velocity</c>) within a memory budget. One instance
/// per monitor (tenant, jurisdiction, shard); not thread-safe, like the grain that owns it.
/// </summary>
/// <remarks>
/// <para>Event time (the record's timestamp) drives windows; exact inside a window: every event is held, no sketch.</para>
/// <para>Retention: an entity keeps its events back to its newest event time minus (<see cref="Retention"/> +
/// <see cref="EntityWindowsOptions.AllowedLateness"/>); <see cref="Retention"/> is the longest window any rule needs.</para>
/// <para>Lateness: a record older than the entity's newest event minus the allowed lateness is <see cref="Late"/>: it is
/// still evaluated against the part of its window that is held. One older than everything held is <see cref="TooLate"/>:
/// evaluated against itself alone (stateless rules run as always). Neither is dropped.</para>
/// <para>Budget: past <see cref="EntityWindowsOptions.MaxEntities"/> the least recently seen entity is evicted
/// (<see cref="EvictedEntities"/>); past <see cref="EntityWindowsOptions.MaxEventsPerEntity"/> an entity's oldest event is
/// dropped (<see cref="TruncatedEvents"/>). Entities idle for longer than the retention are expired (<see cref="ExpiredEntities"/>).</para>
/// <para>Replays: a record seen again (same id and event time) is not held twice (<see cref="Replays"/>) and is evaluated
/// against the events up to it, so a batch the journal hands over again decides as it did the first time.</para>
/// <para>Watermarks and untrusted timestamps: the entity's and the monitor's watermark (newest event time, which drives
/// retention and expiry) advance by a record's event time capped at its acceptance time plus
/// <see cref="EntityWindowsOptions.WatermarkLead"/>. Event time still places and windows the record, so replays of
/// historical data (accepted long after they happened) work by event time as before; but one record dated 9999-12-31
/// moves no watermark past the ingest clock and cannot make other entities' (or its own entity's) history look expired.
/// A cap by acceptance time was chosen over a low quantile of recent event times: it is exact, costs nothing per record
/// and needs no tuning, and ingest already bounds how far event time may lead the clock.</para>
/// <para>Evidence: each event holds its record id (the record's own string), so an aggregate rule can list every
/// record of the window that formed its pattern.</para>
/// </remarks>
public sealed partial class EntityWindows
{
    private const int SweepEvery = 4096;

    private readonly Dictionary<string, EntityTrack> _tracks = new(StringComparer.Ordinal);
    private readonly WindowEvent[] _single = new WindowEvent[1];
    private EntityTrack? _newest;
    private EntityTrack? _oldest;
    private long _retentionTicks;
    private long _globalWatermark = long.MinValue;
    private int _sinceSweep;

    public EntityWindows(EntityWindowsOptions? options = null)
    {
        Options = options ?? EntityWindowsOptions.Default;
        Options.Check();
    }

    public EntityWindowsOptions Options { get; }

    /// <summary>The longest window held for; grows (never shrinks) as engines with longer windows use this state.</summary>
    public TimeSpan Retention => TimeSpan.FromTicks(_retentionTicks);

    public int EntityCount => _tracks.Count;

    /// <summary>Records older than their entity's newest event minus the allowed lateness (evaluated against what is held).</summary>
    public long Late { get; private set; }

    /// <summary>Records older than anything held for their entity (evaluated against themselves alone).</summary>
    public long TooLate { get; private set; }

    /// <summary>Records observed again (same id and event time) and therefore not counted twice.</summary>
    public long Replays { get; private set; }

    /// <summary>Entities evicted because <see cref="EntityWindowsOptions.MaxEntities"/> was reached.</summary>
    public long EvictedEntities { get; private set; }

    /// <summary>Entities dropped because their newest event fell behind the retention (nothing of theirs could still matter).</summary>
    public long ExpiredEntities { get; private set; }

    /// <summary>Events dropped because their entity held <see cref="EntityWindowsOptions.MaxEventsPerEntity"/>.</summary>
    public long TruncatedEvents => _truncated;

    private long _truncated;

    /// <summary>Events held across all entities.</summary>
    public long EventCount
    {
        get
        {
            long n = 0;
            foreach (var track in _tracks.Values)
                n += track.Count;
            return n;
        }
    }

    /// <summary>Makes sure events are held for at least <paramref name="window"/> (called by the engine with its longest window).</summary>
    public void EnsureRetention(TimeSpan window)
    {
        if (window.Ticks > _retentionTicks)
            _retentionTicks = window.Ticks;
    }

    /// <summary>
    /// Records one event of <paramref name="entity"/> and returns the entity's history with it in place. The history is
    /// valid until the next call. A record seen before (same <paramref name="recordId"/> and event time, e.g. a batch
    /// replayed after a crash) is not added again: its history is returned as it stands and <see cref="Replays"/> counts it.
    /// </summary>
    /// <param name="acceptedAt">
    /// When ingest accepted the record: watermarks advance by the event time at most up to this plus
    /// <see cref="EntityWindowsOptions.WatermarkLead"/>. Null (or the default value): the event time is trusted.
    /// </param>
    public EntityHistory Observe(
        string entity, DateTimeOffset eventTime, long amountCents, PaymentChannel channel, string? recordId = null, DateTimeOffset? acceptedAt = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var ticks = eventTime.UtcTicks;
        var e = new WindowEvent(ticks, amountCents, channel, recordId);
        var mark = WatermarkOf(ticks, acceptedAt);
        if (mark > _globalWatermark)
            _globalWatermark = mark;

        var track = Touch(entity);
        var lateness = Options.AllowedLateness.Ticks;
        if (track.Count > 0)
        {
            var horizon = Behind(track.Watermark, HoldTicks);
            // Everything this old has been dropped already: the record's window can only hold itself.
            if (ticks < horizon)
            {
                TooLate++;
                _single[0] = e;
                return new EntityHistory(_single, 0);
            }
            var replayed = track.FindReplay(e);
            if (replayed >= 0)
            {
                // Seen as it was the first time: the events up to it, so a replayed batch decides exactly as before.
                Replays++;
                return new EntityHistory(track.Live[..(replayed + 1)], replayed);
            }
            if (ticks < track.Watermark - lateness)
                Late++;
        }

        var index = track.Insert(e, Options.MaxEventsPerEntity, ref _truncated);
        if (mark > track.Watermark)
        {
            track.Watermark = mark;
            var before = track.Count;
            track.DropBefore(Behind(mark, HoldTicks));
            index -= before - track.Count;
        }

        if (++_sinceSweep >= SweepEvery)
        {
            _sinceSweep = 0;
            ExpireIdle(track);
        }
        return new EntityHistory(track.Live, index);
    }

    /// <summary>The watermark a record may set: its event time, but no further than its acceptance time plus the lead.</summary>
    private long WatermarkOf(long eventTicks, DateTimeOffset? acceptedAt)
    {
        if (acceptedAt is not { } accepted || accepted == default)
            return eventTicks;
        var cap = accepted.UtcTicks + Math.Min(Options.WatermarkLead.Ticks, DateTimeOffset.MaxValue.UtcTicks - accepted.UtcTicks);
        return Math.Min(eventTicks, cap);
    }

    /// <summary>How far behind a watermark events are held: allowed lateness + retention (saturating).</summary>
    private long HoldTicks => _retentionTicks > long.MaxValue - Options.AllowedLateness.Ticks ? long.MaxValue : Options.AllowedLateness.Ticks + _retentionTicks;

    /// <summary><paramref name="mark"/> − <paramref name="span"/>, saturating at <see cref="long.MinValue"/> (never wrapping to the future).</summary>
    private static long Behind(long mark, long span) => mark < long.MinValue + span ? long.MinValue : mark - span;

    /// <summary>
    /// Rough bytes held (objects, arrays, keys, dictionary entries, the record ids events hold), for sizing the budget;
    /// not an exact heap measure. Walks every event.
    /// </summary>
    public long ApproximateBytes()
    {
        const int StringObject = 22; // header, length, terminator
        const int TrackObject = 16 + 8 * 4 + 4 * 2 + 8; // header, 4 references, 2 ints, watermark
        const int ArrayHeader = 24;
        const int DictionaryEntry = 24 + 4;
        var eventSize = System.Runtime.CompilerServices.Unsafe.SizeOf<WindowEvent>();
        long bytes = 0;
        foreach (var track in _tracks.Values)
        {
            bytes += TrackObject + ArrayHeader + (long)eventSize * track.Events.Length + StringObject + 2L * track.Key.Length + DictionaryEntry;
            foreach (var e in track.Live)
            {
                if (e.RecordId is { } id)
                    bytes += StringObject + 2L * id.Length;
            }
        }
        return bytes;
    }

    /// <summary>Approximate bytes per tracked entity (0 when none).</summary>
    public double ApproximateBytesPerEntity() => _tracks.Count == 0 ? 0 : (double)ApproximateBytes() / _tracks.Count;

    /// <summary>Finds or adds the entity and makes it the most recently seen, evicting the least recently seen past the cap.</summary>
    private EntityTrack Touch(string entity)
    {
        if (_tracks.TryGetValue(entity, out var track))
        {
            MoveToNewest(track);
            return track;
        }
        if (_tracks.Count >= Options.MaxEntities && _oldest is { } victim)
        {
            Remove(victim);
            EvictedEntities++;
        }
        track = new EntityTrack(entity);
        _tracks.Add(entity, track);
        LinkAsNewest(track);
        return track;
    }

    /// <summary>Drops entities, oldest-seen first, whose newest event is behind the retention of the newest event overall.</summary>
    private void ExpireIdle(EntityTrack keep)
    {
        var horizon = Behind(_globalWatermark, HoldTicks);
        while (_oldest is { } oldest && !ReferenceEquals(oldest, keep) && oldest.Watermark < horizon)
        {
            Remove(oldest);
            ExpiredEntities++;
        }
    }

    private void Remove(EntityTrack track)
    {
        _tracks.Remove(track.Key);
        Unlink(track);
    }

    private void MoveToNewest(EntityTrack track)
    {
        if (ReferenceEquals(_newest, track))
            return;
        Unlink(track);
        LinkAsNewest(track);
    }

    private void LinkAsNewest(EntityTrack track)
    {
        track.Older = _newest;
        track.Newer = null;
        if (_newest is not null)
            _newest.Newer = track;
        _newest = track;
        _oldest ??= track;
    }

    private void Unlink(EntityTrack track)
    {
        if (track.Newer is not null)
            track.Newer.Older = track.Older;
        else
            _newest = track.Older;
        if (track.Older is not null)
            track.Older.Newer = track.Newer;
        else
            _oldest = track.Newer;
        track.Newer = track.Older = null;
    }
}
