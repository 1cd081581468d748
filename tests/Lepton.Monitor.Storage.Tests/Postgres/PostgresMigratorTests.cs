using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>The versioned PostgreSQL migrations: once, in order, refusing unknown versions; the schema they leave.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratorTests(PostgresServer server)
{
    [Fact]
    public async Task A_fresh_database_gets_every_migration_in_order_and_a_second_run_applies_nothing()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "migrate_twice");

        var first = await PostgresMigrator.MigrateAsync(db);
        Assert.Equal(PostgresMigrator.Known.Select(m => m.Version), first.Applied.Select(m => m.Version));
        Assert.Equal([1, 2], first.Applied.Select(m => m.Version).Take(2));
        Assert.Equal(PostgresMigrator.LatestVersion, first.Version);
        Assert.False(first.WasUpToDate);

        var second = await PostgresMigrator.MigrateAsync(db);
        Assert.True(second.WasUpToDate);
        Assert.Empty(second.Applied);
        Assert.Equal(PostgresMigrator.LatestVersion, second.Version);
        Assert.Equal(PostgresMigrator.Known.Count, await ScalarAsync<long>(db, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "migrate_concurrent");

        var results = await Task.WhenAll(PostgresMigrator.MigrateAsync(db), PostgresMigrator.MigrateAsync(db), PostgresMigrator.MigrateAsync(db));

        Assert.Equal(PostgresMigrator.Known.Select(m => m.Version), results.SelectMany(r => r.Applied).Select(m => m.Version).Order());
        Assert.All(results, r => Assert.Equal(PostgresMigrator.LatestVersion, r.Version));
    }

    [Fact]
    public async Task A_database_recording_a_version_unknown_to_this_build_is_refused_and_left_alone()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "migrate_newer");
        await PostgresMigrator.MigrateAsync(db);
        var unknown = PostgresMigrator.LatestVersion + 97;
        await ExecuteAsync(db, $"INSERT INTO schema_migrations (version, description) VALUES ({unknown}, 'from a newer build')");

        var refused = await Assert.ThrowsAsync<PostgresSchemaException>(() => PostgresMigrator.MigrateAsync(db));

        Assert.Contains(unknown.ToString(), refused.Message);
        Assert.Contains("newer", refused.Message);
        Assert.Equal(PostgresMigrator.Known.Count + 1, await ScalarAsync<long>(db, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Orleans_tables_and_the_query_a_10_4_2_silo_needs_are_there()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "migrate_orleans");
        await PostgresMigrator.MigrateAsync(db);

        foreach (var table in (string[])["orleansquery", "orleansmembershiptable", "orleansmembershipversiontable", "orleansstorage", "orleansreminderstable"])
            Assert.Equal(1L, await ScalarAsync<long>(db, $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'"));
        // Without this row the 10.4.2 clustering provider aborts the silo at start (why the scripts come from main).
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'"));
    }

    [Fact]
    public async Task One_active_alert_per_fingerprint_is_enforced_by_the_partial_unique_index()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "migrate_alerts");
        await PostgresMigrator.MigrateAsync(db);

        await InsertAlertAsync(db, "a1", "fp-1", "resolved");
        await InsertAlertAsync(db, "a2", "fp-1", "open");
        await InsertAlertAsync(db, "a3", "fp-2", "snoozed");
        await InsertAlertAsync(db, "a4", "fp-1", "resolved"); // resolved ones do not count

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => InsertAlertAsync(db, "a5", "fp-1", "acknowledged"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.Equal("ux_alerts_active_fingerprint", duplicate.ConstraintName);
        await Assert.ThrowsAsync<PostgresException>(() => InsertAlertAsync(db, "a6", "fp-2", "suppressed"));
        // Another tenant's alert with the same fingerprint is its own.
        await InsertAlertAsync(db, "a7", "fp-1", "open", tenant: "other");
        Assert.Equal(5L, await ScalarAsync<long>(db, "SELECT count(*) FROM alerts"));
    }

    [Fact]
    public async Task The_product_tables_are_there_with_their_seeded_state_and_the_audit_log_is_append_only()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "migrate_product");
        await PostgresMigrator.MigrateAsync(db);

        foreach (var table in (string[])["journal_keys", "journal_blocks", "journal_partitions", "dead_letters", "alerts", "alert_records",
                     "alert_evidence", "alert_events", "alert_outbox", "api_keys", "tenants", "tenant_pseudonym_keys", "audit_log",
                     "parked_records", "silences", "webhook_subscriptions", "webhook_deliveries", "webhook_attempts",
                     "webhook_groups", "webhook_state"])
            Assert.Equal(1L, await ScalarAsync<long>(db, $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'"));
        // Migration 3 replaced migration 2's single journal_state row by a row per journal partition.
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'journal_state'"));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT value FROM webhook_state WHERE name = 'dispatched_seq'"));

        await ExecuteAsync(db, """
            INSERT INTO audit_log (at, actor, tenant, action, target, details, prev_hash, hash)
            VALUES (1, 'admin', NULL, 'test', 'x', '{}', '\x00', '\x01')
            """);
        var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(db, "UPDATE audit_log SET actor = 'mallory'"));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(db, "DELETE FROM audit_log"));
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(db, "TRUNCATE audit_log"));
        Assert.Equal("admin", await ScalarAsync<string>(db, "SELECT actor FROM audit_log"));
    }

    private static Task InsertAlertAsync(string db, string id, string fingerprint, string status, string tenant = "t1") =>
        ExecuteAsync(db, $$"""
            INSERT INTO alerts (id, tenant, jurisdiction, kind, rule_id, rule_kind, severity, status, fingerprint,
                                first_seen, last_seen, count, entity, record_ids, explanation, comments)
            VALUES ('{{id}}', '{{tenant}}', 'EU', 'rule', 'r1', 'threshold', 'high', '{{status}}', '{{fingerprint}}',
                    1, 1, 1, 'e1', '["rec-1"]', '{}', '[]')
            """);

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
