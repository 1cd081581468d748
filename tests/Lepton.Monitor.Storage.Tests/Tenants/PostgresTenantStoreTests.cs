using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="TenantStoreContractTests"/> on PostgreSQL, each test on a freshly migrated database, and what a cluster
/// adds: several processes (here: stores on their own connection pools) share the tenants.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantStoreTests(PostgresServer server) : TenantStoreContractTests, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private string? _database;

    public async Task InitializeAsync()
    {
        _database = await PostgresCollection.FreshDatabaseAsync(server, "tenants");
        await PostgresMigrator.MigrateAsync(_database);
    }

    public async Task DisposeAsync()
    {
        // Stores first (they stop listening), then their pools.
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }

    protected override Task<ITenantStore> OpenStoreAsync() => Task.FromResult<ITenantStore>(OpenProcess());

    /// <summary>A store with its own pool, as another api process would have; a short full refresh is not relied on.</summary>
    private PostgresTenantStore OpenProcess()
    {
        var dataSource = NpgsqlDataSource.Create(_database ?? throw new InvalidOperationException("not initialized"));
        _owned.Add(dataSource);
        var store = new PostgresTenantStore(dataSource);
        _owned.Add(store);
        return store;
    }

    [Fact]
    public async Task A_tenant_upserted_through_one_process_is_seen_by_another()
    {
        var one = OpenProcess();
        var other = OpenProcess();
        await other.UpsertAsync(new TenantInfo("globex", "Globex", ["US"], null, default)); // also proves the other one listens

        await one.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default) { Settings = new(FourEyesResolution: true) });

        // Reads go to the database: at once.
        Assert.True((await other.GetAsync("acme"))!.Settings!.FourEyesResolution);
        Assert.Equal(["acme", "globex"], (await other.ListAsync(10, null)).Items.Select(t => t.Id));
        // The snapshot (the ingest path's cache) follows the notification: wait for it, bounded.
        await WaitUntilAsync(() => other.Snapshot.TryGetValue("acme", out var t) && t.Settings!.FourEyesResolution);
        await WaitUntilAsync(() => one.Snapshot.ContainsKey("globex"));

        await one.UpsertAsync(new TenantInfo("acme", "Acme Bank", ["US", "EU"], null, default));
        await WaitUntilAsync(() => other.Snapshot["acme"].Name == "Acme Bank");
        Assert.Equal(["US", "EU"], other.Snapshot["acme"].Jurisdictions);
        Assert.True(other.Snapshot["acme"].Settings!.FourEyesResolution);
    }

    [Fact]
    public async Task A_process_started_after_tenants_exist_has_them_in_its_snapshot_at_once()
    {
        var one = OpenProcess();
        await one.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default));

        var later = OpenProcess();

        Assert.Equal("Acme", later.Snapshot["acme"].Name);
    }

    [Fact]
    public async Task Processes_creating_a_pseudonym_key_at_once_agree_on_one()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenProcess()).ToArray();

        var keys = await Task.WhenAll(stores.SelectMany(s => Enumerable.Range(0, 3).Select(_ => Task.Run(() => s.GetOrCreatePseudonymKeyAsync("acme")))));

        Assert.All(keys, k => Assert.Equal(keys[0], k));
        Assert.Equal(keys[0], await OpenProcess().GetOrCreatePseudonymKeyAsync("acme"));
    }

    [Fact]
    public async Task Disposing_a_store_stops_its_listener()
    {
        var store = OpenProcess();
        await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default));

        var dispose = store.DisposeAsync().AsTask();

        Assert.Same(dispose, await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(30))));
        await dispose;
        await store.DisposeAsync(); // twice is harmless
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the snapshot did not follow the other process's upsert within 20 s");
            await Task.Delay(20);
        }
    }
}
