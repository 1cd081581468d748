namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// When each body of a paced (open-loop) run is due: the records sent before it over the target rate, from the run's
/// start. A body is sent when due whether or not earlier ones were answered, so a slow answer cannot slow the offered load.
/// </summary>
public sealed class PacingSchedule
{
    /// <summary>Below this a wait is not worth a timer (Task.Delay's resolution is about a millisecond).</summary>
    public static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    private readonly double _recordsPerSecond;
    private long _scheduled;

    public PacingSchedule(double recordsPerSecond)
    {
        if (!(recordsPerSecond > 0) || double.IsInfinity(recordsPerSecond))
            throw new ArgumentOutOfRangeException(nameof(recordsPerSecond), recordsPerSecond, "a paced run needs a positive, finite rate");
        _recordsPerSecond = recordsPerSecond;
    }

    /// <summary>Records scheduled so far.</summary>
    public long Scheduled => _scheduled;

    /// <summary>The offset from the run's start at which the next body, of <paramref name="records"/> records, is due; counts it as scheduled.</summary>
    public TimeSpan Next(int records)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        var due = TimeSpan.FromSeconds(_scheduled / _recordsPerSecond);
        _scheduled += records;
        return due;
    }

    /// <summary>How long to wait for a body due at <paramref name="due"/> when <paramref name="elapsed"/> has passed: none when late or nearly due.</summary>
    public static TimeSpan WaitFor(TimeSpan due, TimeSpan elapsed) => due - elapsed > MinWait ? due - elapsed : TimeSpan.Zero;
}
