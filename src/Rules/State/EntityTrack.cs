namespace Lepton.Monitor.Rules;

/// <summary>
/// One entity's events (sorted by event time, live between <see cref="Start"/> and <see cref="Start"/> + <see cref="Count"/>)
/// and its place in the least-recently-seen list of <see cref="EntityWindows"/>.
/// </summary>
internal sealed class EntityTrack(string key)
{
    private const int InitialCapacity = 4;

    public string Key { get; } = key;
    public WindowEvent[] Events = new WindowEvent[InitialCapacity];
    public int Start;
    public int Count;

    /// <summary>Newest event time seen for the entity (ticks); late records do not move it back.</summary>
    public long Watermark = long.MinValue;

    public EntityTrack? Newer;
    public EntityTrack? Older;

    public Span<WindowEvent> Live => Events.AsSpan(Start, Count);

    /// <summary>
    /// The position within <see cref="Live"/> of an event with the same time and record key as <paramref name="e"/>
    /// (a replayed record), else -1. Only events of equal time are looked at: events are sorted by time.
    /// </summary>
    public int FindReplay(in WindowEvent e)
    {
        // The keys are hashes of the ids: computed only for held events of the same time (usually none), not per record.
        long key = 0;
        for (var k = Count - 1; k >= 0; k--)
        {
            ref readonly var held = ref Events[Start + k];
            if (held.Ticks < e.Ticks)
                return -1;
            if (held.Ticks != e.Ticks)
                continue;
            if (key == 0 && (key = e.RecordKey) == 0)
                return -1;
            if (held.RecordKey == key)
                return k;
        }
        return -1;
    }

    /// <summary>Inserts in time order (after equal times) and returns the position within <see cref="Live"/>.</summary>
    public int Insert(WindowEvent e, int maxEvents, ref long truncated)
    {
        if (Count == maxEvents)
        {
            Start++;
            Count--;
            truncated++;
        }
        if (Start + Count == Events.Length)
            MakeRoom(Math.Min(Events.Length * 2, Math.Max(maxEvents, InitialCapacity)));
        var position = Count;
        while (position > 0 && Events[Start + position - 1].Ticks > e.Ticks)
            position--;
        if (position < Count)
            Array.Copy(Events, Start + position, Events, Start + position + 1, Count - position);
        Events[Start + position] = e;
        Count++;
        return position;
    }

    /// <summary>
    /// Frees the slot after the last event: by moving the live events to the front when expired ones left at least half
    /// the buffer free (or it may not grow), else by growing to <paramref name="grown"/> (copying only the live events).
    /// Compacting a nearly full buffer instead would copy every held event on each insert of an entity whose window
    /// slides (one event expires, one arrives); growing first keeps the copies amortized O(1) per event.
    /// </summary>
    private void MakeRoom(int grown)
    {
        if (Start > 0 && (Count <= Events.Length / 2 || grown <= Events.Length))
        {
            Array.Copy(Events, Start, Events, 0, Count);
            Array.Clear(Events, Count, Start); // expired events' ids are not held beyond the live ones
            Start = 0;
            return;
        }
        var events = new WindowEvent[Math.Max(grown, Events.Length)];
        Array.Copy(Events, Start, events, 0, Count);
        Events = events;
        Start = 0;
    }

    /// <summary>Drops events older than <paramref name="horizonTicks"/> (time-based eviction).</summary>
    public void DropBefore(long horizonTicks)
    {
        while (Count > 0 && Events[Start].Ticks < horizonTicks)
        {
            Start++;
            Count--;
        }
        if (Count == 0)
            Start = 0;
    }
}
