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
        if (e.RecordKey == 0)
            return -1;
        for (var k = Count - 1; k >= 0; k--)
        {
            ref readonly var held = ref Events[Start + k];
            if (held.Ticks < e.Ticks)
                return -1;
            if (held.Ticks == e.Ticks && held.RecordKey == e.RecordKey)
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
        {
            if (Start > 0)
            {
                Array.Copy(Events, Start, Events, 0, Count);
                Start = 0;
            }
            else
            {
                Array.Resize(ref Events, Math.Min(Events.Length * 2, Math.Max(maxEvents, InitialCapacity)));
            }
        }
        var position = Count;
        while (position > 0 && Events[Start + position - 1].Ticks > e.Ticks)
            position--;
        if (position < Count)
            Array.Copy(Events, Start + position, Events, Start + position + 1, Count - position);
        Events[Start + position] = e;
        Count++;
        return position;
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
