using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>The pure parts of `lepton bench --cluster`: the metric it stops on, where it finds the script, its options and ratios.</summary>
public sealed class ClusterBenchTests
{
    [Fact]
    public void The_dispatched_counter_is_summed_over_its_series_and_nothing_else_is_counted()
    {
        const string scrape = """
            # HELP lepton_ingest_dispatched_total Records acknowledged by their monitor grains
            # TYPE lepton_ingest_dispatched_total counter
            lepton_ingest_dispatched_total{otel_scope_name="Lepton.Monitor.Ingest",source="http"} 1200 1733250000000
            lepton_ingest_dispatched_total{otel_scope_name="Lepton.Monitor.Ingest",source="kafka"} 34.5
            lepton_ingest_dispatched_totalx 999
            lepton_ingest_accepted_total 777
            """;
        Assert.Equal(1234.5, ClusterDispatchedMetric.Parse(scrape));
        Assert.Equal(42, ClusterDispatchedMetric.Parse("lepton_ingest_dispatched_total 42\n"));
        Assert.Equal(0, ClusterDispatchedMetric.Parse(""));
    }

    [Fact]
    public void The_script_is_found_in_the_first_folder_upward_that_has_it_and_an_explicit_path_must_exist()
    {
        var repo = Path.Combine(Path.GetTempPath(), "repo");
        var script = Path.Combine(repo, "infra", "local", "cluster.sh");
        bool Exists(string path) => path == script;

        Assert.Equal(script, ClusterScriptLocator.Find(null, [Path.Combine(Path.GetTempPath(), "elsewhere"), Path.Combine(repo, "src", "Silo", "bin")], Exists));
        Assert.Null(ClusterScriptLocator.Find(null, [Path.Combine(Path.GetTempPath(), "elsewhere")], Exists));
        Assert.Null(ClusterScriptLocator.Find(Path.Combine(repo, "missing.sh"), [repo], Exists));
        Assert.Equal(script, ClusterScriptLocator.Find(script, [], Exists));
    }

    [Fact]
    public void Silo_counts_are_positive_numbers_separated_by_commas()
    {
        Assert.Equal([1, 2, 3], ClusterBenchOptions.ParseSilos("1, 2,3"));
        Assert.Throws<ArgumentException>(() => ClusterBenchOptions.ParseSilos("1,x"));
        Assert.Throws<ArgumentException>(() => ClusterBenchOptions.ParseSilos("0"));
        Assert.Throws<ArgumentException>(() => ClusterBenchOptions.ParseSilos(","));
    }

    [Fact]
    public void The_table_has_a_row_per_configuration_and_only_the_ratios_whose_figures_exist()
    {
        var results = new ClusterBenchResults();
        results.AddCluster(1, new ClusterLoadResult("cluster, 1 silo(s), 1 shard", 1000, 1.0, 5, 9, 0));
        results.AddCluster(2, new ClusterLoadResult("cluster, 2 silo(s), 1 shard", 1000, 0.8, 5, 9, 2));
        results.AddSharded(2, new ClusterLoadResult("cluster, 2 silo(s), 4 shards", 1000, 0.5, 5, 9, 0));

        var table = results.Format();

        Assert.Contains("cluster, 2 silo(s), 4 shards", table);
        Assert.Contains("2 silos vs 1: 1.25×", table);
        Assert.Contains("cluster, 2 silo(s), 4 shards vs 1 shard (same cluster): 1.60×", table);
        Assert.DoesNotContain("PostgreSQL vs embedded", table);
    }
}
