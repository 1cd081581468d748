namespace Lepton.Monitor.Storage;

/// <summary>How many outbox messages wait to be sent and how many are parked.</summary>
public readonly record struct OutboxDepth(long Pending, long Parked);
