using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="EventProcessorStoreContractTests"/> on PostgreSQL (a freshly migrated database per test class instance),
/// each store on its own data source as separate processes would be, plus what only PostgreSQL text needs.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventProcessorStoreTests(PostgresServer server) : EventProcessorStoreContractTests, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string? _database;

    public async Task InitializeAsync()
    {
        _database = await PostgresCollection.FreshDatabaseAsync(server, "event_hubs");
        await PostgresMigrator.MigrateAsync(_database);
    }

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
            await dataSource.DisposeAsync();
    }

    protected override Task<IEventProcessorStore> OpenStoreAsync()
    {
        var dataSource = NpgsqlDataSource.Create(_database ?? throw new InvalidOperationException("not initialized"));
        _dataSources.Add(dataSource);
        return Task.FromResult<IEventProcessorStore>(new PostgresEventProcessorStore(dataSource));
    }

    [Fact]
    public async Task Text_with_a_NUL_is_stored_with_U_FFFD_instead_of_failing()
    {
        var store = await OpenStoreAsync();

        var won = await store.ClaimOwnershipAsync([Claim("0", "silo\0one")]);
        Assert.True(await store.UpdateCheckpointAsync(Checkpoint("0", 1, "off\0set")));

        Assert.Single(won);
        Assert.Equal("silo\uFFFDone", Assert.Single(await store.ListOwnershipAsync(Ns, Hub, Group)).OwnerId);
        Assert.Equal("off\uFFFDset", (await store.GetCheckpointAsync(Ns, Hub, Group, "0"))?.Offset);
    }

    [Fact]
    public async Task The_migration_creates_both_tables()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database!);
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('event_hub_ownership', 'event_hub_checkpoints')");
        Assert.Equal(2L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Claims_from_many_processes_at_once_give_each_partition_one_owner()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenStoreAsync()));
        var partitions = Enumerable.Range(0, 8).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // Every process claims every partition (in a different order), all at once.
        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
            s.ClaimOwnershipAsync(partitions.Reverse().Skip(i).Concat(partitions.Reverse().Take(i)).Select(p => Claim(p, $"p{i}")).ToArray()))))
            .WaitAsync(TimeSpan.FromSeconds(30));

        var won = results.SelectMany(r => r).ToArray();
        Assert.Equal(partitions, won.Select(o => o.PartitionId).Order(StringComparer.Ordinal));
        Assert.Equal(won.OrderBy(o => o.PartitionId.Length).ThenBy(o => o.PartitionId, StringComparer.Ordinal), await stores[0].ListOwnershipAsync(Ns, Hub, Group));
    }
}
