using Lepton.Monitor.Silo.Hosting.Cluster;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton silo`: one silo of a cluster on PostgreSQL — the grains, scoring and the stores they write.</summary>
public sealed class SiloVerb : HostVerb
{
    public override string Name => "silo";
    public override string Summary => "start a cluster silo (grains + scoring) on PostgreSQL";

    public override string Details => """
        Joins (or forms) the cluster recorded in PostgreSQL (Orleans membership, grain state and reminders through
        the ADO.NET providers) and hosts the monitor grains with their scoring; serves only /health/live,
        /health/ready and /metrics on --urls. The database must have been prepared by `lepton migrate`.
        Several silos on one machine need distinct silo, gateway and web ports. SIGTERM stops it gracefully: it
        leaves the cluster and its grains reactivate on the other silos. Any configuration key may be given as
        --Section:Key value. See docs/cluster.md.
        """;

    protected override LeptonRole Role => LeptonRole.Silo;

    protected override IEnumerable<(string Name, string Description)> DocumentedKeys =>
    [
        ("--Lepton:Store", "postgres (required)"),
        ("--Lepton:Postgres:ConnectionString", "the cluster's PostgreSQL connection string"),
        ("--Lepton:Orleans:SiloPort", "the silo-to-silo port"),
        ("--Lepton:Orleans:GatewayPort", "the gateway port for api processes"),
        ("--Lepton:Cluster:ClusterId", "the cluster's id"),
        ("--Lepton:Cluster:Region", "this silo's region"),
    ];
}
