using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>A parked record taken for a replay, with its payload; <see cref="Attempts"/> identifies this parking of it.</summary>
public sealed record ParkedReplay(long Id, string MonitorKey, MonitoredRecord Record, bool Retryable, int Attempts);

/// <summary>A replay that did not process <see cref="Id"/>: why, and whether retrying later may help.</summary>
public sealed record ParkedFailure(long Id, string Error, bool Retryable);
