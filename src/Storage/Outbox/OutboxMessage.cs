namespace Lepton.Monitor.Storage;

/// <summary>One message to publish: its partition key (the tenant) and the complete, already serialized event.</summary>
public sealed record OutboxMessage(string Key, string EventId, byte[] Payload);
