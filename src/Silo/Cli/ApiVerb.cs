using Lepton.Monitor.Silo.Hosting.Cluster;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton api`: ingest + HTTP API + board of a cluster, an Orleans client of the silos.</summary>
public sealed class ApiVerb : HostVerb
{
    public override string Name => "api";
    public override string Summary => "start a cluster api process (ingest + HTTP API + board) on PostgreSQL";

    public override string Details => """
        Serves the HTTP API, the board, HTTP/Kafka ingest and alert delivery, and sends records to the silos as an
        Orleans client (gateways found in the cluster's membership table; it waits for the first silo). A 202 means
        the records are committed in the shared journal (its own partition); if the process dies, another api
        process takes its unprocessed records over by lease. The database must have been prepared by
        `lepton migrate`. SIGTERM stops it gracefully after the in-flight batches. Any configuration key may be
        given as --Section:Key value. See docs/cluster.md.
        """;

    protected override LeptonRole Role => LeptonRole.Api;

    protected override IEnumerable<(string Name, string Description)> DocumentedKeys =>
    [
        ("--Lepton:Store", "postgres (required)"),
        ("--Lepton:Postgres:ConnectionString", "the cluster's PostgreSQL connection string"),
        ("--Lepton:Journal:Partition", "this process's journal partition"),
        ("--Lepton:Cluster:ClusterId", "the cluster's id"),
    ];
}
