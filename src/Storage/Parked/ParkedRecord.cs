using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// A record a monitor could not check, kept with its payload so it can be replayed to that monitor
/// (<paramref name="MonitorKey"/> is <c>tenant/jurisdiction</c>). Retryable ones are retried automatically with backoff.
/// </summary>
public sealed record ParkedRecord(MonitoredRecord Record, string MonitorKey, string Reason, bool Retryable);
