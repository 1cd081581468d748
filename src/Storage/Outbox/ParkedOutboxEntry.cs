namespace Lepton.Monitor.Storage;

/// <summary>An outbox message parked after too many failed attempts: what it is, how often and why it failed, since when.</summary>
public sealed record ParkedOutboxEntry(long Seq, string Key, string EventId, int Attempts, string? LastError, DateTimeOffset ParkedAt, DateTimeOffset CreatedAt);
