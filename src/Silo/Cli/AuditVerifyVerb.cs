using System.Text.Json;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;
using Npgsql;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `lepton audit-verify`: recompute the audit log's hash chain, in a data folder (offline; the product must be stopped)
/// or in a cluster's PostgreSQL database (a read: the cluster may keep running).
/// </summary>
public sealed class AuditVerifyVerb : IVerb
{
    public string Name => "audit-verify";
    public string Summary => "verify the hash chain of the audit log in a data folder or PostgreSQL (exit 0 valid, 1 broken)";
    public string Usage => """
        usage: lepton audit-verify [--data PATH]
               lepton audit-verify --Lepton:Store postgres --Lepton:Postgres:ConnectionString "Host=...;Database=...;..."

        Opens PATH/lepton.db (default: Lepton:DataPath's default ./data), or the cluster's PostgreSQL database,
        recomputes every audit entry's SHA-256 chain and prints {"valid", "entries", "firstInvalidSeq", "reason",
        "headHash"} as JSON. Exit code 0 when the chain holds, 1 when an entry was altered, removed or reordered, 2 on
        bad arguments (a database that cannot be read is exit 1 with one line on stderr and nothing on stdout).
        The running product answers the same question at GET /v1/audit/verify; this verb is for a
        stopped one, a copied folder, or a database checked from outside the cluster.
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "data", LeptonStoreSelection.StoreKey, LeptonStoreSelection.ConnectionStringKey);
        AuditVerification result;
        try
        {
            result = LeptonStoreSelection.Parse(a.String(LeptonStoreSelection.StoreKey)) == LeptonStoreKind.Postgres
                ? await VerifyPostgresAsync(a)
                : await VerifyFolderAsync(a);
        }
        catch (AuditUnreadableException e)
        {
            Console.Error.WriteLine($"lepton {Name}: cannot read the audit log: {e.Message}");
            return 1;
        }
        Console.WriteLine(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
        return result.Valid ? 0 : 1;
    }

    private static async Task<AuditVerification> VerifyFolderAsync(ArgReader a)
    {
        if (a.Has(LeptonStoreSelection.ConnectionStringKey))
            throw new ArgumentException($"--{LeptonStoreSelection.ConnectionStringKey} needs --{LeptonStoreSelection.StoreKey} postgres");
        var path = Path.GetFullPath(a.String("data", "./data")!);
        if (!File.Exists(Path.Combine(path, LeptonDatabase.FileName)))
            throw new ArgumentException($"--data: no {LeptonDatabase.FileName} in {path}");
        using var db = LeptonDatabase.Open(path);
        return await new SqliteAuditLog(db).VerifyAsync();
    }

    private static async Task<AuditVerification> VerifyPostgresAsync(ArgReader a)
    {
        if (a.Has("data"))
            throw new ArgumentException($"--data is for the embedded store, not --{LeptonStoreSelection.StoreKey} postgres");
        var connectionString = a.String(LeptonStoreSelection.ConnectionStringKey);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException($"--{LeptonStoreSelection.ConnectionStringKey} is required with --{LeptonStoreSelection.StoreKey} postgres");
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"{LeptonStoreSelection.ConnectionStringKey}: {e.Message}");
        }
        await using (dataSource)
        {
            try
            {
                return await new PostgresAuditLog(dataSource).VerifyAsync();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                // One line, never the connection string (it holds the password); no JSON, so no verdict is implied.
                throw new AuditUnreadableException(e is PostgresException p ? $"{p.MessageText} ({p.SqlState})" : e.Message);
            }
        }
    }

    private sealed class AuditUnreadableException(string message) : Exception(message);
}
