using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest;

/// <summary>Records that are durable in the journal and wait for their grains; <see cref="Sequences"/> mark them processed.</summary>
public sealed record JournaledBatch(IReadOnlyList<MonitoredRecord> Records, IReadOnlyList<long> Sequences);
