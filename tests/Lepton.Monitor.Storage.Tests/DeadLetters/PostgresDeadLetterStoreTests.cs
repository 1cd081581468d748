using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="DeadLetterStoreContractTests"/> on PostgreSQL, each test on a freshly migrated database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDeadLetterStoreTests(PostgresServer server) : DeadLetterStoreContractTests, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public async Task InitializeAsync()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "dead_letters");
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    protected override Task<IDeadLetterStore> OpenStoreAsync() =>
        Task.FromResult<IDeadLetterStore>(new PostgresDeadLetterStore(_dataSource ?? throw new InvalidOperationException("not initialized")));

    [Fact]
    public async Task A_NUL_is_stored_as_the_replacement_character()
    {
        var store = await OpenStoreAsync();

        await store.AddAsync([new DeadLetter("acme", DeadLetterSources.Http, 0, null, "bad\0byte", "x\0y", At)]);

        var kept = Assert.Single((await store.ListAsync(null, 10, null)).Items);
        Assert.Equal("x\uFFFDy", kept.RedactedPayload);
        Assert.Equal("bad\uFFFDbyte", kept.Reason);
    }

    [Fact]
    public async Task A_batch_is_one_transaction_so_a_failing_item_stores_none()
    {
        var store = await OpenStoreAsync();
        // Nothing a caller may pass fails inside the database, so a constraint added for this test fails the second row.
        await using (var command = _dataSource!.CreateCommand("ALTER TABLE dead_letters ADD CONSTRAINT no_boom CHECK (reason <> 'boom')"))
            await command.ExecuteNonQueryAsync();

        await Assert.ThrowsAsync<PostgresException>(() => store.AddAsync([
            new DeadLetter("acme", DeadLetterSources.Http, 0, null, "fine", null, At),
            new DeadLetter("acme", DeadLetterSources.Http, 1, null, "boom", null, At),
        ]));

        Assert.Equal(0, await store.CountAsync(null));
    }
}
