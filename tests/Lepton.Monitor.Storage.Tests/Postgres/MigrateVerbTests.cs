using System.Net;
using System.Net.Sockets;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>`lepton migrate` (and `lepton run` on postgres) as an operator runs them: the real executable, exit codes, one-line errors.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrateVerbTests(PostgresServer server)
{
    [Fact]
    public async Task Migrate_applies_what_is_missing_then_says_up_to_date()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "verb_migrate");

        var first = await LeptonCli.RunAsync("migrate", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("applied 1: orleans", first.Stdout);
        Assert.Contains("applied 2: product schema", first.Stdout);
        Assert.DoesNotContain("up to date", first.Stdout);

        var second = await LeptonCli.RunAsync("migrate", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("applied", second.Stdout);
        Assert.Contains("up to date", second.Stdout);
    }

    [Fact]
    public async Task Nothing_listening_is_exit_1_with_one_line_naming_host_and_port()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = await LeptonCli.RunAsync("migrate", "--Lepton:Store", "postgres",
            "--Lepton:Postgres:ConnectionString", $"Host=127.0.0.1;Port={closedPort};Database=x;Username=u;Password=p;Timeout=5");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Stderr.Split('\n'));
        Assert.Contains($"127.0.0.1:{closedPort}", line);
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_password_is_exit_1_with_the_servers_reason()
    {
        var db = new NpgsqlConnectionStringBuilder(await PostgresCollection.FreshDatabaseAsync(server, "verb_password")) { Password = "wrong" };

        var result = await LeptonCli.RunAsync("migrate", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db.ConnectionString);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("password authentication failed", Assert.Single(result.Stderr.Split('\n')));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_exit_1()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "verb_newer");
        Assert.Equal(0, (await LeptonCli.RunAsync("migrate", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db)).ExitCode);
        await using (var connection = new NpgsqlConnection(db))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("INSERT INTO schema_migrations (version, description) VALUES (9999, 'newer')", connection).ExecuteNonQueryAsync();
        }

        var result = await LeptonCli.RunAsync("migrate", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("9999", Assert.Single(result.Stderr.Split('\n')));
    }

    [Fact]
    public async Task Usage_errors_are_exit_2()
    {
        var noConnectionString = await LeptonCli.RunAsync("migrate", "--Lepton:Store", "postgres");
        Assert.True(noConnectionString.ExitCode == 2, noConnectionString.ToString());
        Assert.Contains("Lepton:Postgres:ConnectionString is required", noConnectionString.Stderr);

        var unknownOption = await LeptonCli.RunAsync("migrate", "--connection", "Host=x");
        Assert.True(unknownOption.ExitCode == 2, unknownOption.ToString());
        Assert.Contains("unknown option '--connection'", unknownOption.Stderr);

        var unknownStore = await LeptonCli.RunAsync("migrate", "--Lepton:Store", "mysql");
        Assert.True(unknownStore.ExitCode == 2, unknownStore.ToString());
        Assert.Contains("embedded | postgres", unknownStore.Stderr);
    }

    [Fact]
    public async Task With_the_embedded_store_migrate_says_sqlite_migrates_itself()
    {
        var result = await LeptonCli.RunAsync("migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SQLite migrates itself", result.Stdout);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("silo")]
    [InlineData("api")]
    public async Task A_process_on_a_database_lepton_migrate_never_prepared_stops_at_start_saying_so(string verb)
    {
        var data = Path.Combine(Path.GetTempPath(), "lepton-pg-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The server's default database: reachable, but no Lepton schema.
            var result = await LeptonCli.RunAsync(verb, "--Lepton:Store", "postgres", "--Lepton:DataPath", data,
                "--Lepton:Postgres:ConnectionString", server.ConnectionString(), "--urls", "http://127.0.0.1:0");

            Assert.True(result.ExitCode == 3, result.ToString());
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("has no Lepton schema: run `lepton migrate`", line);
            Assert.DoesNotContain(server.Password, line);
            Assert.False(File.Exists(Path.Combine(data, LeptonDatabase.FileName)), "no embedded store may be created underneath");
        }
        finally
        {
            if (Directory.Exists(data))
                Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_cluster_process_without_postgres_is_a_usage_error_naming_the_keys()
    {
        var result = await LeptonCli.RunAsync("silo", "--urls", "http://127.0.0.1:0");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("needs Lepton:Store=postgres and Lepton:Postgres:ConnectionString", result.Stderr);
    }
}
