using Lepton.Monitor.Silo.Hosting.Cluster;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton run`: the all-in-one process (silo + ingest + HTTP API) on the embedded store.</summary>
public sealed class RunVerb : HostVerb
{
    public override string Name => "run";
    public override string Summary => "start the all-in-one silo + ingest + HTTP API (default)";

    public override string Details => """
        Starts one process: an Orleans silo with localhost clustering, the embedded SQLite store under
        Lepton:DataPath (default ./data), the HTTP API on ASPNETCORE_URLS/--urls (default http://127.0.0.1:8080)
        and, unless disabled, the demo tenant 'demo' with a built-in stream of transactions.
        Any configuration key may be given as --Section:Key value (see README, Configuration).
        The bootstrap admin key comes from LEPTON_ADMIN_KEY; when unset one is generated, written to DIR/admin-key
        (mode 0600) and printed only when stdout is a terminal.
        Pseudonymization keys: LEPTON_PSEUDONYM_KEY (base64) or --Lepton:Privacy:KeyFile FILE (created 0600 when
        missing) keep them outside lepton.db; neither set, per-tenant keys are stored in lepton.db.
        With --Lepton:Store postgres --Lepton:Postgres:ConnectionString CS the same process runs on PostgreSQL
        (after `lepton migrate`): a one-silo cluster that `lepton silo` and `lepton api` processes may join.
        """;

    protected override LeptonRole Role => LeptonRole.AllInOne;

    protected override IEnumerable<(string Name, string Description)> DocumentedKeys =>
    [
        ("--Lepton:DataPath", "folder of the embedded store (default ./data)"),
        ("--Lepton:Demo:Enabled", "true|false: the demo tenant and its stream of transactions"),
        ("--Lepton:Privacy:KeyFile", "file of the pseudonymization keys (created 0600 when missing)"),
        ("--Lepton:Store", "embedded (default) or postgres"),
        ("--Lepton:Postgres:ConnectionString", "the PostgreSQL connection string (with --Lepton:Store postgres)"),
    ];
}
