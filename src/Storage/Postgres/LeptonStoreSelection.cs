namespace Lepton.Monitor.Storage.Postgres;

/// <summary>Reads <c>Lepton:Store</c>: <c>embedded</c> (when unset) or <c>postgres</c>.</summary>
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
}
