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
    public EntityHistory Observe(string entity, DateTimeOffset eventTime, long amountCents, PaymentChannel channel, string? recordId = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var ticks = eventTime.UtcTicks;
        var e = new WindowEvent(ticks, amountCents, channel, WindowEvent.KeyOf(recordId));
        if (ticks > _globalWatermark)
            _globalWatermark = ticks;

        var track = Touch(entity);
        var lateness = Options.AllowedLateness.Ticks;
        if (track.Count > 0)
        {
            var horizon = track.Watermark - lateness - _retentionTicks;
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
        if (ticks > track.Watermark)
        {
            track.Watermark = ticks;
            var before = track.Count;
            track.DropBefore(ticks - lateness - _retentionTicks);
            index -= before - track.Count;
        }

        if (++_sinceSweep >= SweepEvery)
        {
            _sinceSweep = 0;
            ExpireIdle(track);
        }
        return new EntityHistory(track.Live, index);
    }

    /// <summary>
    /// Rough bytes held (objects, arrays, keys, dictionary entries), for sizing the budget; not an exact heap measure.
    /// </summary>
    public long ApproximateBytes()
    {
        const int TrackObject = 16 + 8 * 4 + 4 * 2 + 8; // header, 4 references, 2 ints, watermark
        const int ArrayHeader = 24;
        const int DictionaryEntry = 24 + 4;
        var eventSize = System.Runtime.CompilerServices.Unsafe.SizeOf<WindowEvent>();
        long bytes = 0;
        foreach (var track in _tracks.Values)
            bytes += TrackObject + ArrayHeader + (long)eventSize * track.Events.Length + 22 + 2L * track.Key.Length + DictionaryEntry;
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
        var horizon = _globalWatermark - Options.AllowedLateness.Ticks - _retentionTicks;
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
