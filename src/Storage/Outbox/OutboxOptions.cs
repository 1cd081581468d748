namespace Lepton.Monitor.Storage;

/// <summary>
/// How the alert outbox retries one event (section <c>Lepton:Outbox</c>): exponential backoff with jitter from
/// <see cref="FirstRetryDelay"/> up to <see cref="MaxRetryDelay"/>, parked after <see cref="MaxAttempts"/> failures
/// that were the event's own (rounds in which the transport delivered nothing and reported only transient errors are an
/// outage, not the event's fault, and are not counted).
/// </summary>
public sealed class OutboxOptions
{
    public const string Section = "Lepton:Outbox";

    /// <summary>Failed attempts after which an event is parked (listed, replayable, not retried).</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most events sent in one round.</summary>
    public int BatchSize { get; set; } = 500;
}
