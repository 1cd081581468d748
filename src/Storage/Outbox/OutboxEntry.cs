namespace Lepton.Monitor.Storage;

/// <summary>A stored outbox message with its sequence (publish order) and how often publishing it failed.</summary>
public sealed record OutboxEntry(long Seq, string Key, string EventId, byte[] Payload, int Attempts, DateTimeOffset CreatedAt);
