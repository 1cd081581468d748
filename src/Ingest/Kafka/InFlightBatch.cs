namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>A batch of one partition handed to ingest; once <see cref="Processing"/> succeeds, <see cref="NextOffset"/> may be committed.</summary>
internal sealed record InFlightBatch(long NextOffset, int Count, Task Processing);
