using Azure.Messaging.EventHubs.Processor;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>A batch of one partition handed to ingest; once <see cref="Processing"/> succeeds (and every earlier batch did), <see cref="Last"/> may be checkpointed.</summary>
internal sealed record EventHubsInFlightBatch(Task Processing, CheckpointPosition Last, int Count);
