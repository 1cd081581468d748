using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>A record read back from the journal with the sequence number to mark once it is processed.</summary>
public sealed record JournaledRecord(long Seq, MonitoredRecord Record);
