namespace Lepton.Monitor.Rules;

/// <summary>
/// One entity's held events in event-time order, as a windowed rule sees them while evaluating one record:
/// <see cref="Index"/> is that record's own event. Valid only until the next <see cref="EntityWindows.Observe"/>.
/// </summary>
public readonly ref struct EntityHistory
{
    public EntityHistory(ReadOnlySpan<WindowEvent> events, int index)
    {
        Events = events;
        Index = index;
    }

    public ReadOnlySpan<WindowEvent> Events { get; }

    /// <summary>Position of the record being evaluated in <see cref="Events"/>.</summary>
    public int Index { get; }

    /// <summary>True when the record landed before the entity's newest event (it arrived out of order).</summary>
    public bool IsOutOfOrder => Index < Events.Length - 1;

    /// <summary>The events of the window (end − <paramref name="window"/>, end] that ends with the event at <paramref name="end"/>.</summary>
    public ReadOnlySpan<WindowEvent> WindowEndingAt(int end, TimeSpan window)
    {
        var from = Events[end].Ticks - window.Ticks;
        var first = end;
        while (first > 0 && Events[first - 1].Ticks > from)
            first--;
        return Events[first..(end + 1)];
    }
}
