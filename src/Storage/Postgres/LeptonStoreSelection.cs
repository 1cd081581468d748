namespace Lepton.Monitor.Storage.Postgres;

/// <summary>Reads <c>Lepton:Store</c> (<c>embedded</c> when unset) and guards the processes that cannot use PostgreSQL yet.</summary>
public static class LeptonStoreSelection
{
    public const string StoreKey = "Lepton:Store";
    public const string ConnectionStringKey = "Lepton:Postgres:ConnectionString";

    /// <exception cref="ArgumentException">Neither embedded nor postgres.</exception>
    public static LeptonStoreKind Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "embedded" => LeptonStoreKind.Embedded,
        "postgres" => LeptonStoreKind.Postgres,
        _ => throw new ArgumentException($"{StoreKey}: '{value}' is not a store (embedded | postgres)"),
    };

    /// <summary>
    /// `lepton run` serves only the embedded store until the PostgreSQL stores are ported: starting it "on PostgreSQL"
    /// with SQLite stores underneath would be half a cluster, so it is refused at start (StoreOpenException → exit 3).
    /// </summary>
    public static void RequireEmbedded(string? value)
    {
        LeptonStoreKind kind;
        try
        {
            kind = Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new StoreOpenException(e.Message, e);
        }
        if (kind == LeptonStoreKind.Postgres)
            throw new StoreOpenException(
                $"{StoreKey}=postgres: the PostgreSQL stores are not available yet in this build; `lepton migrate` prepares a database, " +
                "`lepton run` serves the embedded store only (leave Lepton:Store unset).");
    }
}
