using Lepton.Monitor.Contracts;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// Fans a read out to every shard of a (tenant, jurisdiction) and merges the answers (<see cref="ShardedDriftView"/>,
/// <see cref="ShardedModelStats"/>). Stateless: any silo may run as many as the reads need.
/// </summary>
[StatelessWorker]
public sealed class JurisdictionViewGrain(IOptions<SignalOptions> signals) : Grain, IJurisdictionViewGrain
{
    public async Task<DriftView> GetDriftAsync(int shards)
    {
        var views = await Task.WhenAll(Shards(shards).Select(g => g.GetDriftAsync()));
        var (tenant, _) = MonitorKey.Parse(this.GetPrimaryKeyString());
        return ShardedDriftView.Merge(views, signals.Value.ToFairnessOptions(tenant));
    }

    public async Task<ModelServingStats[]> GetModelStatsAsync(int shards) =>
        ShardedModelStats.Merge(await Task.WhenAll(Shards(shards).Select(g => g.GetModelStatsAsync())));

    private IEnumerable<IJurisdictionMonitorGrain> Shards(int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, MonitorKey.MinShards);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shards, MonitorKey.MaxShards);
        var (tenant, jurisdiction) = MonitorKey.Parse(this.GetPrimaryKeyString());
        return Enumerable.Range(0, shards).Select(i => GrainFactory.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For(tenant, jurisdiction, i)));
    }
}
