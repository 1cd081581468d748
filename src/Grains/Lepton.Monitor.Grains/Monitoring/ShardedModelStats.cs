using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>Serving statistics of one model in one stage summed over shards: counts add, the mean score is weighted by records scored.</summary>
public static class ShardedModelStats
{
    public static ModelServingStats[] Merge(IReadOnlyList<ModelServingStats[]> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 1)
            return shards[0];
        return [.. shards.SelectMany(s => s)
            .GroupBy(s => (s.ModelId, s.Stage))
            .Select(g =>
            {
                var scored = g.Sum(s => s.Scored);
                var mean = scored > 0 ? g.Sum(s => s.MeanScore * s.Scored) / scored : 0;
                return new ModelServingStats(g.Key.ModelId, g.Key.Stage, scored, mean, g.Sum(s => s.Hits),
                    g.Sum(s => s.ComparedWithProduction), g.Sum(s => s.AgreedWithProduction));
            })];
    }
}
