using System.Text.Json.Nodes;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests.Audit;

/// <summary>`lepton audit-verify` against a cluster's PostgreSQL database, as an operator runs it: the real executable.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditVerifyVerbPostgresTests(PostgresServer server)
{
    [Fact]
    public async Task A_valid_chain_exits_0_and_an_edited_entry_exits_1_naming_it()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "verb_audit");
        await PostgresMigrator.MigrateAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db);
        var log = new PostgresAuditLog(dataSource);
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(new AuditEvent("key", "acme", "tenant.updated", "tenant/acme", new { i }));

        var valid = await LeptonCli.RunAsync("audit-verify", "--output", "json", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db);
        Assert.True(valid.ExitCode == 0, valid.ToString());
        var result = JsonNode.Parse(valid.Stdout)!;
        Assert.True(result["valid"]!.GetValue<bool>());
        Assert.Equal(3, result["entries"]!.GetValue<long>());

        await using (var tamper = dataSource.CreateCommand(
            "ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;"))
            await tamper.ExecuteNonQueryAsync();

        var broken = await LeptonCli.RunAsync("audit-verify", "--output", "json", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db);
        Assert.True(broken.ExitCode == 1, broken.ToString());
        result = JsonNode.Parse(broken.Stdout)!;
        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(2, result["firstInvalidSeq"]!.GetValue<long>());
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_or_with_data_is_a_usage_error()
    {
        var missing = await LeptonCli.RunAsync("audit-verify", "--Lepton:Store", "postgres");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("ConnectionString is required", missing.Stderr);

        var both = await LeptonCli.RunAsync("audit-verify", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", "Host=x", "--data", "/tmp");
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("--data", both.Stderr);
    }

    [Fact]
    public async Task A_database_that_cannot_be_read_is_exit_1_with_one_line_and_no_verdict()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "verb_audit_empty"); // not migrated: no audit_log

        var result = await LeptonCli.RunAsync("audit-verify", "--output", "json", "--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", db);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(result.Stdout.Trim());
        var line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("audit_log", line);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(db).Password!, line);
    }
}
