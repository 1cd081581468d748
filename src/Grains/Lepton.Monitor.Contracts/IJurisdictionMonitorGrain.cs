namespace Lepton.Monitor.Contracts;

/// <summary>
/// The virtual actor for one (tenant, jurisdiction), key <c>tenant/jurisdiction</c> (a shard suffix may follow later).
/// Scores its records, runs the jurisdiction's rule pack and hands alert candidates to alert handling.
/// </summary>
[Alias("lepton.jurisdiction-monitor")]
public interface IJurisdictionMonitorGrain : IGrainWithStringKey
{
    [Alias("process")]
    Task<BatchResult> ProcessAsync(RecordBatch batch);
}
