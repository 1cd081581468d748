namespace Lepton.Monitor.Storage;

/// <summary>
/// When a parked record is tried again: <see cref="BaseDelay"/>·2^(attempts−1), capped at <see cref="MaxDelay"/>, then
/// jittered down to half of it at random, so records parked together by one outage do not all retry in one burst.
/// </summary>
public sealed class ParkedBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
{
    public static readonly ParkedBackoff Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    private readonly Random _random = random ?? Random.Shared;
    private readonly Lock _lock = new();

    public TimeSpan BaseDelay { get; } = baseDelay > TimeSpan.Zero ? baseDelay : throw new ArgumentOutOfRangeException(nameof(baseDelay));
    public TimeSpan MaxDelay { get; } = maxDelay >= baseDelay ? maxDelay : throw new ArgumentOutOfRangeException(nameof(maxDelay));

    /// <summary>The uncapped-then-capped delay before jitter after <paramref name="attempts"/> failed attempts (≥ 1).</summary>
    public TimeSpan Ceiling(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30); // 2^30 × any base overflows the cap long before
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>A delay in [ceiling/2, ceiling].</summary>
    public TimeSpan Next(int attempts)
    {
        var ceiling = Ceiling(attempts);
        double share;
        lock (_lock) // a Random given by a test is not thread-safe
            share = 0.5 + _random.NextDouble() * 0.5;
        return TimeSpan.FromTicks((long)(ceiling.Ticks * share));
    }
}
