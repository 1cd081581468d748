using System.CommandLine;
using System.Net.Sockets;
using Lepton.Monitor.Storage.Postgres;
using Npgsql;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton migrate`: applies the missing PostgreSQL schema migrations (Orleans' tables, then the product's).</summary>
public sealed class MigrateVerb : Verb
{
    private readonly Option<string> _store = StoreOptions.Store();
    private readonly Option<string> _connectionString = StoreOptions.ConnectionString();

    public override string Name => "migrate";
    public override string Summary => "apply the missing PostgreSQL schema migrations (cluster store); exit 0 ok, 1 failed, 2 usage";

    public override string Details => """
        lepton migrate --Lepton:Store postgres --Lepton:Postgres:ConnectionString "Host=...;Port=...;Database=...;Username=...;Password=..."
        applies, in order and each in its own transaction, the schema migrations the database has not recorded in
        schema_migrations (1: Orleans' clustering, grain state and reminder tables; then the product's own), prints
        each one applied or "up to date", and refuses a database that records versions this build does not know.
        Start-up never migrates a PostgreSQL database: run this once per release, before the processes.
        Both keys may also come from appsettings.json or the environment (Lepton__Store, Lepton__Postgres__ConnectionString).
        With the embedded store (Lepton:Store unset or embedded) there is nothing to do: SQLite migrates itself at open.
        Exit code 0 applied or up to date, 1 failed (one line says why), 2 bad arguments.
        """;

    protected override void Define(Command command)
    {
        command.Options.Add(_store);
        command.Options.Add(_connectionString);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Given options override appsettings.json and the environment, as the host's command-line provider would.
        var given = new Dictionary<string, string?>();
        if (parse.Given(_store))
            given[LeptonStoreSelection.StoreKey] = parse.GetValue(_store);
        if (parse.Given(_connectionString))
            given[LeptonStoreSelection.ConnectionStringKey] = parse.GetValue(_connectionString);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(given)
            .Build();

        if (LeptonStoreSelection.Parse(configuration[LeptonStoreSelection.StoreKey]) == LeptonStoreKind.Embedded)
        {
            Console.WriteLine("Lepton:Store is embedded: SQLite migrates itself when the store is opened; nothing to do " +
                              "(for PostgreSQL: --Lepton:Store postgres --Lepton:Postgres:ConnectionString ...).");
            return 0;
        }
        var connectionString = configuration[LeptonStoreSelection.ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException($"{LeptonStoreSelection.ConnectionStringKey} is required with Lepton:Store postgres");
        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"{LeptonStoreSelection.ConnectionStringKey}: {e.Message}");
        }

        var where = $"{target.Host ?? "localhost"}:{target.Port}/{target.Database ?? target.Username}";
        try
        {
            var result = await PostgresMigrator.MigrateAsync(connectionString);
            foreach (var step in result.Applied)
                Console.WriteLine($"applied {step.Version}: {step.Description}");
            Console.WriteLine(result.WasUpToDate
                ? $"up to date: {where} is at schema version {result.Version}"
                : $"{where} is now at schema version {result.Version}");
            return 0;
        }
        catch (PostgresSchemaException e)
        {
            return Fail($"{where}: {e.Message}");
        }
        catch (NpgsqlException e) when (e.InnerException is SocketException s)
        {
            return Fail($"cannot connect to PostgreSQL at {target.Host}:{target.Port}: {s.Message}");
        }
        catch (PostgresException e)
        {
            // The server's own words (authentication failed, database does not exist, a failed statement) and its code.
            return Fail($"PostgreSQL at {where} refused: {e.MessageText} ({e.SqlState})");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            return Fail($"PostgreSQL at {where}: {e.Message}");
        }
    }

    private static int Fail(string line)
    {
        Console.Error.WriteLine($"lepton migrate: {line}");
        return 1;
    }
}
