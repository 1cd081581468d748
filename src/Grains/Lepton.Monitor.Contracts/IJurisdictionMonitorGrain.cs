using Orleans.Concurrency;

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

    /// <summary>
    /// Makes everything processed so far durable (entity windows, drift and fairness state). The dispatcher marks
    /// records processed in the journal only after every monitor they went to checkpointed, so a crash replays
    /// what the last checkpoint does not hold.
    /// </summary>
    [Alias("checkpoint")]
    Task CheckpointAsync();

    /// <summary>The registry pushes model changes here; they apply from the next batch on.</summary>
    [Alias("set-models"), AlwaysInterleave]
    Task SetModelsAsync(ModelDeployments deployments);

    /// <summary>Per-model serving statistics since activation (production, canary, shadows).</summary>
    [Alias("model-stats"), AlwaysInterleave]
    Task<ModelServingStats[]> GetModelStatsAsync();

    /// <summary>Drift of the production model's inputs and score, with history, and fairness of alert rates.</summary>
    [Alias("drift"), AlwaysInterleave]
    Task<DriftView> GetDriftAsync();
}
