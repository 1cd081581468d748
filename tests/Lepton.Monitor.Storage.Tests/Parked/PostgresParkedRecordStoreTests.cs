using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="ParkedRecordStoreContractTests"/> on PostgreSQL, each test on a freshly migrated database, and what a
/// cluster adds: several api processes replay from the one table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresParkedRecordStoreTests(PostgresServer server) : ParkedRecordStoreContractTests, IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string? _database;

    public async Task InitializeAsync()
    {
        _database = await PostgresCollection.FreshDatabaseAsync(server, "parked");
        await PostgresMigrator.MigrateAsync(_database);
    }

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
            await dataSource.DisposeAsync();
    }

    protected override Task<IParkedRecordStore> OpenStoreAsync() => Task.FromResult<IParkedRecordStore>(OpenProcess());

    /// <summary>A store with its own pool, as another api process would have.</summary>
    private PostgresParkedRecordStore OpenProcess()
    {
        var dataSource = NpgsqlDataSource.Create(_database ?? throw new InvalidOperationException("not initialized"));
        _dataSources.Add(dataSource);
        return new PostgresParkedRecordStore(dataSource, Clock, Backoff, Lease);
    }

    [Fact]
    public async Task Two_replayers_never_take_the_same_due_record()
    {
        var one = OpenProcess();
        var other = OpenProcess();
        await one.ParkAsync([.. TestRecords.Many(300).Select(r => Parked(r))]);
        Clock.Advance(TimeSpan.FromSeconds(11));

        // Both claim in small batches at the same time until nothing is due.
        async Task<List<long>> ClaimAllAsync(PostgresParkedRecordStore store)
        {
            var ids = new List<long>();
            while (await store.TakeDueAsync(7) is { Count: > 0 } taken)
                ids.AddRange(taken.Select(t => t.Id));
            return ids;
        }
        var claimed = await Task.WhenAll(Task.Run(() => ClaimAllAsync(one)), Task.Run(() => ClaimAllAsync(other)));

        Assert.Empty(claimed[0].Intersect(claimed[1]));
        Assert.Equal(300, claimed[0].Count + claimed[1].Count);
        Assert.Equal(300, claimed[0].Concat(claimed[1]).Distinct().Count());
    }

    [Fact]
    public async Task A_claimed_record_is_due_again_once_the_lease_runs_out_as_after_a_crash_mid_replay()
    {
        var crashed = OpenProcess();
        var survivor = OpenProcess();
        await crashed.ParkAsync([Parked(TestRecords.Minimal("tx-1"))]);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var taken = Assert.Single(await crashed.TakeDueAsync(10));

        Assert.Empty(await survivor.TakeDueAsync(10));
        var listed = Assert.Single((await survivor.ListAsync(ParkedRecordFilter.All, 10, null)).Items);
        Assert.Equal(Clock.GetUtcNow() + Lease, listed.NextAttemptAt);

        Clock.Advance(Lease);
        var again = Assert.Single(await survivor.TakeDueAsync(10));
        Assert.Equal((taken.Id, taken.Attempts), (again.Id, again.Attempts));
        await survivor.CompleteAsync([again]);
        Assert.Equal(new ParkedCounts(0, 0), await survivor.CountAsync());
    }

    [Fact]
    public async Task An_operators_replay_keeps_the_records_it_took_from_the_automatic_replayers()
    {
        var operatorProcess = OpenProcess();
        var replayer = OpenProcess();
        await replayer.ParkAsync([Parked(TestRecords.Minimal("tx-1")), Parked(TestRecords.Minimal("tx-2"))]);
        Clock.Advance(TimeSpan.FromSeconds(10));

        var taken = await operatorProcess.TakeMatchingAsync(new ParkedRecordFilter(RecordIds: ["tx-1"]), 10);

        Assert.Equal(["tx-2"], (await replayer.TakeDueAsync(10)).Select(r => r.Record.Id));
        await operatorProcess.CompleteAsync(taken);
        Assert.Equal(new ParkedCounts(1, 1), await replayer.CountAsync());
    }

    [Fact]
    public async Task Processes_parking_the_same_record_at_once_count_every_attempt()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenProcess()).ToArray();
        var record = TestRecords.Minimal("tx-1");

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.ParkAsync([Parked(record)]))));

        var entry = Assert.Single((await stores[0].ListAsync(ParkedRecordFilter.All, 10, null)).Items);
        Assert.Equal(4, entry.Attempts);
    }

    [Fact]
    public async Task A_NUL_in_a_reason_or_error_is_stored_as_the_replacement_character()
    {
        var store = OpenProcess();
        await store.ParkAsync([Parked(TestRecords.Minimal("tx-1"), reason: "bad\0byte")]);
        var taken = Assert.Single(await store.TakeMatchingAsync(ParkedRecordFilter.All, 10));

        await store.RescheduleAsync([new ParkedFailure(taken.Id, "still\0bad", true)]);

        var entry = Assert.Single((await store.ListAsync(ParkedRecordFilter.All, 10, null)).Items);
        Assert.Equal(("bad\uFFFDbyte", "still\uFFFDbad"), (entry.Reason, entry.LastError));
    }
}
