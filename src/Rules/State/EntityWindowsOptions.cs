namespace Lepton.Monitor.Rules;

/// <summary>The memory budget and lateness of <see cref="EntityWindows"/>.</summary>
public sealed record EntityWindowsOptions
{
    /// <summary>Entities tracked at most; past it the least recently seen entity is evicted (and counted).</summary>
    public int MaxEntities { get; init; } = 100_000;

    /// <summary>Events held per entity at most; past it the oldest is dropped (and counted), so one hot entity cannot eat the budget.</summary>
    public int MaxEventsPerEntity { get; init; } = 1_000;

    /// <summary>
    /// How far behind an entity's newest event time a record may arrive and still be treated as on time. Events are
    /// held for the longest rule window plus this, so an on-time record always sees its whole window.
    /// </summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How far past its acceptance time a record's event time may move the watermarks (its entity's and the monitor's):
    /// senders' clocks run a little ahead, but an attacker controls timestamps, and one far-future record must not make
    /// every other entity's history look expired. Small on purpose: ingest accepts up to a day of skew, the watermark
    /// follows event time only this far beyond the ingest clock.
    /// </summary>
    public TimeSpan WatermarkLead { get; init; } = TimeSpan.FromMinutes(5);

    public static EntityWindowsOptions Default { get; } = new();

    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntities, 1, nameof(MaxEntities));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventsPerEntity, 1, nameof(MaxEventsPerEntity));
        if (AllowedLateness < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(AllowedLateness), AllowedLateness, "must not be negative");
        if (WatermarkLead < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(WatermarkLead), WatermarkLead, "must not be negative");
    }
}
