namespace Lepton.Monitor.Storage;

/// <summary>
/// A parked record as listed (no payload): where it waits, why, and when it is retried next.
/// <see cref="Reason"/> is why it was parked; <see cref="LastError"/> why the latest replay failed (null before one).
/// </summary>
public sealed record ParkedEntry(
    long Id,
    string Tenant,
    string Monitor,
    string Jurisdiction,
    string RecordId,
    string Reason,
    bool Retryable,
    int Attempts,
    DateTimeOffset ParkedAt,
    DateTimeOffset NextAttemptAt,
    string? LastError);
