namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>What one process of the product does (issue 16: `lepton run`, `lepton silo`, `lepton api`).</summary>
public enum LeptonRole
{
    /// <summary>Silo + ingest + HTTP API in one process: the embedded default, or one process on PostgreSQL.</summary>
    AllInOne,

    /// <summary>An Orleans silo: the grains (monitors, scoring, alert stages) and the stores they write.</summary>
    Silo,

    /// <summary>Ingest + HTTP API + board + delivery, an Orleans client of the contracts only.</summary>
    Api,
}
