using Lepton.Monitor.Silo.Hosting.Cluster;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton silo`: one silo of a cluster on PostgreSQL — the grains, scoring and the stores they write.</summary>
public sealed class SiloVerb : IVerb
{
    public string Name => "silo";
    public string Summary => "start a cluster silo (grains + scoring) on PostgreSQL";
    public string Usage => """
        usage: lepton silo --Lepton:Store postgres --Lepton:Postgres:ConnectionString CS
                           [--Lepton:Orleans:SiloPort N] [--Lepton:Orleans:GatewayPort N] [--urls URL]
                           [--Lepton:Cluster:ClusterId ID] [--Lepton:Cluster:Region R] [--KEY VALUE ...]

        Joins (or forms) the cluster recorded in PostgreSQL (Orleans membership, grain state and reminders through
        the ADO.NET providers) and hosts the monitor grains with their scoring; serves only /health/live,
        /health/ready and /metrics on --urls. The database must have been prepared by `lepton migrate`.
        Several silos on one machine need distinct silo, gateway and web ports. SIGTERM stops it gracefully: it
        leaves the cluster and its grains reactivate on the other silos. See docs/cluster.md.
        """;

    public Task<int> RunAsync(string[] args) => HostRunner.RunAsync(args, LeptonRole.Silo);
}
