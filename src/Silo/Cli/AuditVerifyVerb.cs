using System.CommandLine;
using Lepton.Monitor.Silo.Cli.Output;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;
using Npgsql;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `lepton audit-verify`: recompute the audit log's hash chain, in a data folder (offline; the product must be stopped)
/// or in a cluster's PostgreSQL database (a read: the cluster may keep running).
/// </summary>
public sealed class AuditVerifyVerb : Verb
{
    private readonly Option<string> _data = new("--data") { Description = "the data folder holding lepton.db (default ./data)", HelpName = "PATH" };
    private readonly Option<string> _store = StoreOptions.Store();
    private readonly Option<string> _connectionString = StoreOptions.ConnectionString();
    private readonly Option<OutputFormat> _output = CommonOptions.Output();

    public override string Name => "audit-verify";
    public override string Summary => "verify the hash chain of the audit log in a data folder or PostgreSQL (exit 0 valid, 1 broken)";

    public override string Details => """
        Opens PATH/lepton.db (default: Lepton:DataPath's default ./data), or with --Lepton:Store postgres
        --Lepton:Postgres:ConnectionString "Host=...;Database=...;..." the cluster's PostgreSQL database, recomputes every
        audit entry's SHA-256 chain and prints the verdict: a table, or with --output json {"valid", "entries",
        "firstInvalidSeq", "reason", "headHash"}. Exit code 0 when the chain holds, 1 when an entry was altered, removed
        or reordered, 2 on bad arguments (a database that cannot be read is exit 1 with one line on stderr and nothing on
        stdout). The running product answers the same question at GET /v1/audit/verify; this verb is for a stopped one,
        a copied folder, or a database checked from outside the cluster.
        """;

    protected override void Define(Command command)
    {
        foreach (var option in new Option[] { _data, _store, _connectionString, _output })
            command.Options.Add(option);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        AuditVerification result;
        try
        {
            result = LeptonStoreSelection.Parse(parse.GetValue(_store)) == LeptonStoreKind.Postgres
                ? await VerifyPostgresAsync(parse)
                : await VerifyFolderAsync(parse);
        }
        catch (AuditUnreadableException e)
        {
            Console.Error.WriteLine($"lepton {Name}: cannot read the audit log: {e.Message}");
            return ExitCodes.Failure;
        }
        if (parse.GetValue(_output) == OutputFormat.Json)
        {
            JsonOutput.Write(Console.Out, result);
        }
        else
        {
            TableOutput.WriteFacts(Console.Out,
            [
                ("chain", result.Valid ? "valid" : "BROKEN"),
                ("entries", result.Entries.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
                ("first invalid entry", result.FirstInvalidSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"),
                ("reason", result.Reason ?? "—"),
                ("head hash", result.HeadHash ?? "—"),
            ]);
        }
        return result.Valid ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private async Task<AuditVerification> VerifyFolderAsync(ParseResult parse)
    {
        if (parse.Given(_connectionString))
            throw new ArgumentException($"--{LeptonStoreSelection.ConnectionStringKey} needs --{LeptonStoreSelection.StoreKey} postgres");
        var path = Path.GetFullPath(parse.GetValue(_data) ?? "./data");
        if (!File.Exists(Path.Combine(path, LeptonDatabase.FileName)))
            throw new ArgumentException($"--data: no {LeptonDatabase.FileName} in {path}");
        using var db = LeptonDatabase.Open(path);
        return await new SqliteAuditLog(db).VerifyAsync();
    }

    private async Task<AuditVerification> VerifyPostgresAsync(ParseResult parse)
    {
        if (parse.Given(_data))
            throw new ArgumentException($"--data is for the embedded store, not --{LeptonStoreSelection.StoreKey} postgres");
        var connectionString = parse.GetValue(_connectionString);
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
