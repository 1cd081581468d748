using System.Globalization;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// When a delivery is attempted: <see cref="Delays"/>[i] is the wait before attempt i+1 (the first is normally 0: at
/// once), each stretched or shrunk by up to ±<see cref="Jitter"/> so that endpoints that fail together are not retried
/// together. After the last attempt the delivery is dead.
/// </summary>
public sealed class RetrySchedule
{
    /// <summary>At once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (issue 14).</summary>
    public const string DefaultText = "00:00:00,00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00";

    public RetrySchedule(IReadOnlyList<TimeSpan> delays, double jitter = 0.1)
    {
        if (delays.Count == 0)
            throw new ArgumentException("a retry schedule needs at least one attempt", nameof(delays));
        if (delays.Any(d => d < TimeSpan.Zero))
            throw new ArgumentException("retry delays cannot be negative", nameof(delays));
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1);
        Delays = delays;
        Jitter = jitter;
    }

    public static RetrySchedule Default { get; } = Parse(DefaultText);

    public IReadOnlyList<TimeSpan> Delays { get; }

    public double Jitter { get; }

    /// <summary>How many attempts a delivery gets in one round.</summary>
    public int Attempts => Delays.Count;

    /// <summary>Parses <c>Lepton:Webhooks:RetryDelays</c>: comma-separated TimeSpans (<c>c</c> format, e.g. <c>00:05:00</c>, <c>1.00:00:00</c>).</summary>
    public static RetrySchedule Parse(string text, double jitter = 0.1)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var delays = new List<TimeSpan>(parts.Length);
        foreach (var part in parts)
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var delay))
                throw new FormatException($"Lepton:Webhooks:RetryDelays: '{part}' is not a TimeSpan (e.g. 00:05:00)");
            delays.Add(delay);
        }
        return new RetrySchedule(delays, jitter);
    }

    /// <summary>
    /// The wait before the next attempt when <paramref name="attemptsMade"/> attempts of this round were made, with jitter
    /// drawn from <paramref name="random"/>; null when the round is over (the delivery is dead).
    /// </summary>
    public TimeSpan? DelayAfter(int attemptsMade, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attemptsMade);
        if (attemptsMade >= Delays.Count)
            return null;
        var delay = Delays[attemptsMade];
        var factor = 1 + Jitter * (random.NextDouble() * 2 - 1);
        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }
}
