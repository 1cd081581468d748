using System.Globalization;
using System.Text;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>The figures of `bench --cluster` as they arrive, and the table with the ratios the issue asks for.</summary>
public sealed class ClusterBenchResults
{
    private readonly List<ClusterLoadResult> _rows = [];

    /// <summary>One shard, by silo count.</summary>
    public SortedDictionary<int, ClusterLoadResult> BySilos { get; } = new();

    /// <summary>The second tenant with several shards, on the cluster of <see cref="ShardedSilos"/> silos.</summary>
    public ClusterLoadResult? Sharded { get; private set; }
    public int ShardedSilos { get; private set; }

    public ClusterLoadResult? Embedded { get; private set; }
    public ClusterLoadResult? Postgres { get; private set; }

    public void AddCluster(int silos, ClusterLoadResult result) => Add(BySilos[silos] = result);

    public void AddSharded(int silos, ClusterLoadResult result)
    {
        ShardedSilos = silos;
        Add(Sharded = result);
    }

    public void AddEmbedded(ClusterLoadResult result) => Add(Embedded = result);

    public void AddPostgres(ClusterLoadResult result) => Add(Postgres = result);

    private void Add(ClusterLoadResult result) => _rows.Add(result);

    /// <summary>One row per configuration in the order measured, then every ratio whose two figures exist.</summary>
    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{"configuration",-34} {"records",9} {"seconds",8} {"records/s",10} {"POST p50 ms",12} {"POST p99 ms",12} {"re-sent",8}");
        foreach (var r in _rows)
            text.AppendLine(c, $"{r.Configuration,-34} {r.Records,9:N0} {r.Seconds,8:N2} {r.RecordsPerSecond,10:N0} {r.PostP50Ms,12:N1} {r.PostP99Ms,12:N1} {r.Resent,8:N0}");
        if (_rows.Count == 0)
            text.AppendLine("(no configuration finished)");
        text.AppendLine();
        if (BySilos.Count > 0)
        {
            var (fewest, baseline) = BySilos.First();
            foreach (var (silos, result) in BySilos.Skip(1))
                text.AppendLine(c, $"{silos} silos vs {fewest}: {Ratio(result, baseline)}");
        }
        if (Sharded is not null && BySilos.TryGetValue(ShardedSilos, out var oneShard))
            text.AppendLine(c, $"{Sharded.Configuration} vs 1 shard (same cluster): {Ratio(Sharded, oneShard)}");
        if (Embedded is not null && Postgres is not null)
            text.AppendLine(c, $"all-in-one PostgreSQL vs embedded: {Ratio(Postgres, Embedded)}");
        if (Postgres is not null && BySilos.TryGetValue(1, out var oneSilo))
            text.AppendLine(c, $"cluster of 1 silo + 1 api vs all-in-one on PostgreSQL: {Ratio(oneSilo, Postgres)}");
        return text.ToString();
    }

    private static string Ratio(ClusterLoadResult a, ClusterLoadResult b) =>
        (a.RecordsPerSecond / b.RecordsPerSecond).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
