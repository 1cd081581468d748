using Lepton.Monitor.Silo.Hosting.Cluster;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton api`: ingest + HTTP API + board of a cluster, an Orleans client of the silos.</summary>
public sealed class ApiVerb : IVerb
{
    public string Name => "api";
    public string Summary => "start a cluster api process (ingest + HTTP API + board) on PostgreSQL";
    public string Usage => """
        usage: lepton api --Lepton:Store postgres --Lepton:Postgres:ConnectionString CS [--urls URL]
                          [--Lepton:Journal:Partition NAME] [--Lepton:Cluster:ClusterId ID] [--KEY VALUE ...]

        Serves the HTTP API, the board, HTTP/Kafka ingest and alert delivery, and sends records to the silos as an
        Orleans client (gateways found in the cluster's membership table; it waits for the first silo). A 202 means
        the records are committed in the shared journal (its own partition); if the process dies, another api
        process takes its unprocessed records over by lease. The database must have been prepared by
        `lepton migrate`. SIGTERM stops it gracefully after the in-flight batches. See docs/cluster.md.
        """;

    public Task<int> RunAsync(string[] args) => HostRunner.RunAsync(args, LeptonRole.Api);
}
