namespace Lepton.Monitor.Contracts;

/// <summary>Many records for one (tenant, jurisdiction) activation in one grain call.</summary>
[GenerateSerializer, Immutable, Alias("lepton.record-batch.v1")]
public sealed record RecordBatch([property: Id(0)] MonitoredRecord[] Records);

/// <summary>What a monitor grain did with a batch.</summary>
[GenerateSerializer, Immutable, Alias("lepton.batch-result.v1")]
public sealed record BatchResult(
    [property: Id(0)] int Processed,
    [property: Id(1)] int AlertsRaised);
