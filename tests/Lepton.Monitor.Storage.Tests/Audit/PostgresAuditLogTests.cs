using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests.Audit;

/// <summary>
/// <see cref="AuditLogContractTests"/> on PostgreSQL, each test on a freshly migrated database, plus what only a shared
/// database has to get right: writers in several processes (here: several log instances) keeping one chain.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresServer server) : AuditLogContractTests, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private string _connectionString = "";

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "audit");
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
        _connectionString = db;
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    protected override Task<IAuditLog> OpenLogAsync() => Task.FromResult<IAuditLog>(new PostgresAuditLog(DataSource));

    protected override async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    protected override Task TamperAsync(string sql) => ExecuteAsync(
        $"ALTER TABLE audit_log DISABLE TRIGGER USER; {sql} ALTER TABLE audit_log ENABLE TRIGGER USER;");

    [Fact]
    public async Task Truncate_is_refused_too()
    {
        var log = await OpenLogAsync();
        await log.AppendAsync(new AuditEvent("k", "acme", "tenant.updated", "tenant/acme"));

        var truncate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("TRUNCATE audit_log;"));

        Assert.Contains("append-only", truncate.MessageText);
        Assert.Equal(1, (await log.VerifyAsync()).Entries);
    }

    [Fact]
    public async Task Writers_in_several_processes_appending_at_once_keep_one_gapless_verifiable_chain()
    {
        const int Writers = 6, Each = 20;
        // Two processes: two pools, two logs.
        await using var otherProcess = NpgsqlDataSource.Create(_connectionString);
        PostgresAuditLog[] logs = [new(DataSource), new(otherProcess)];

        var appended = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<AuditEntry>();
            for (var i = 0; i < Each; i++)
                mine.Add(await logs[w % logs.Length].AppendAsync(new AuditEvent($"writer-{w}", w % 2 == 0 ? "acme" : null, "tenant.updated", $"tenant/{i}")));
            return mine;
        })));

        var all = appended.SelectMany(e => e).OrderBy(e => e.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, Writers * Each).Select(i => (long)i), all.Select(e => e.Seq));
        for (var i = 1; i < all.Count; i++)
            Assert.Equal(all[i - 1].Hash, all[i].PreviousHash);
        var verification = await logs[0].VerifyAsync();
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(Writers * Each, verification.Entries);
        Assert.Equal(all[^1].Hash, verification.HeadHash);
        Assert.Equal(Writers / 2 * Each, (await logs[1].VerifyForTenantAsync("acme")).Entries);
    }

    [Fact]
    public async Task Entries_appended_in_a_callers_transaction_commit_and_roll_back_with_it()
    {
        var log = await OpenLogAsync();
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            await using (var rolledBack = await connection.BeginTransactionAsync())
            {
                await PostgresAuditLog.AppendAsync(connection, rolledBack, [new AuditEvent("k", null, "lost", "t")], at, default);
                await rolledBack.RollbackAsync();
            }
            await using var committed = await connection.BeginTransactionAsync();
            var stored = await PostgresAuditLog.AppendAsync(connection, committed,
                [new AuditEvent("k", "acme", "alert.raised", "alert/1"), new AuditEvent("k", "acme", "alert.raised", "alert/2")], at, default);
            Assert.Empty(await PostgresAuditLog.AppendAsync(connection, committed, [], at, default));
            await committed.CommitAsync();
            Assert.Equal([1L, 2L], stored.Select(e => e.Seq));
        }
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await using var connection = await DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await PostgresAuditLog.AppendAsync(connection, transaction, [new AuditEvent("k", null, "a", "t"), new AuditEvent(" ", null, "a", "t")], at, default);
        });

        var entries = (await log.ListAsync(null, 10, null)).Items;
        Assert.Equal(["alert/1", "alert/2"], entries.Select(e => e.Target));
        Assert.All(entries, e => Assert.Equal(at, e.At));
        Assert.True((await log.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task A_NUL_is_stored_and_hashed_as_the_replacement_character_and_the_chain_verifies()
    {
        var log = await OpenLogAsync();

        var stored = await log.AppendAsync(new AuditEvent("k\0ey", "acme", "tenant.updated", "tenant/a\0b", "{\"note\":\"x\0y\"}"));

        Assert.Equal(("k\uFFFDey", "tenant/a\uFFFDb", "{\"note\":\"x\uFFFDy\"}"), (stored.Actor, stored.Target, stored.Details));
        Assert.Equal(stored, Assert.Single((await log.ListAsync(null, 10, null)).Items));
        Assert.True((await log.VerifyAsync()).Valid);
    }
}
