namespace Lepton.Monitor.Contracts;

/// <summary>
/// The read side of a sharded (tenant, jurisdiction), key <c>tenant/jurisdiction</c>: asks every shard's
/// <see cref="IJurisdictionMonitorGrain"/> and merges their answers into the one view the API shows. With one shard it
/// answers shard 0's view unchanged.
/// </summary>
[Alias("lepton.jurisdiction-view")]
public interface IJurisdictionViewGrain : IGrainWithStringKey
{
    /// <summary>Drift and fairness merged over shards 0..<paramref name="shards"/>−1.</summary>
    [Alias("drift")]
    Task<DriftView> GetDriftAsync(int shards);

    /// <summary>Per model and stage, the serving statistics summed over shards 0..<paramref name="shards"/>−1.</summary>
    [Alias("model-stats")]
    Task<ModelServingStats[]> GetModelStatsAsync(int shards);
}
