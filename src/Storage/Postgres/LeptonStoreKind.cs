namespace Lepton.Monitor.Storage.Postgres;

/// <summary>Which store a process uses (<c>Lepton:Store</c>): the embedded SQLite default, or the cluster's PostgreSQL.</summary>
public enum LeptonStoreKind
{
    Embedded,
    Postgres,
}
