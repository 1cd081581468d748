namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>A partition's runtime information: begin and last sequence numbers, last offset and time, emptiness.</summary>
internal sealed record PartitionState(long BeginSequenceNumber, long LastSequenceNumber, string LastOffset, DateTime LastEnqueuedTimeUtc, bool IsEmpty);
