using System.Security.Cryptography;
using System.Text;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="ApiKeyStoreContractTests"/> on PostgreSQL (each test a freshly migrated database), plus what a table
/// shared by several processes must do: no process may go on trusting a key another one deleted or rotated.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresApiKeyStoreTests(PostgresServer server) : ApiKeyStoreContractTests, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "api_keys");
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    protected override Task<IApiKeyStore> OpenStoreAsync(TimeProvider? time = null) =>
        Task.FromResult<IApiKeyStore>(new PostgresApiKeyStore(DataSource, time));

    [Fact]
    public async Task Only_the_hash_of_the_secret_is_stored()
    {
        var store = await OpenStoreAsync();
        var created = await store.CreateAsync(ApiKeyRoles.Analyst, "acme", "soc laptop");
        await store.EnsureBootstrapAdminAsync("bootstrap-secret-from-env-0123456789");

        await using var command = DataSource.CreateCommand("SELECT id, secret_hash, role, coalesce(tenant, ''), coalesce(name, '') FROM api_keys ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var hashes = new Dictionary<string, byte[]>();
        while (await reader.ReadAsync())
        {
            var row = string.Join('|', reader.GetString(0), reader.GetString(2), reader.GetString(3), reader.GetString(4));
            Assert.DoesNotContain(created.Secret[3..], row);
            Assert.DoesNotContain("bootstrap-secret-from-env", row);
            hashes[reader.GetString(0)] = reader.GetFieldValue<byte[]>(1);
        }

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret)), hashes[created.Id]);
        Assert.Equal(SHA256.HashData("bootstrap-secret-from-env-0123456789"u8), hashes[SqliteApiKeyStore.BootstrapKeyId]);
    }

    [Fact]
    public async Task A_key_deleted_or_rotated_through_one_process_stops_working_in_another_at_once()
    {
        var silo1 = await OpenStoreAsync();
        var silo2 = await OpenStoreAsync();
        var key = await silo1.CreateAsync(ApiKeyRoles.Ingest, "acme", null);
        await silo1.EnsureBootstrapAdminAsync("first-admin-secret");
        Assert.Equal(key.Info, await silo2.FindBySecretAsync(key.Secret));
        Assert.NotNull(await silo2.FindBySecretAsync("first-admin-secret"));

        Assert.True(await silo1.DeleteAsync(key.Id));
        await silo1.EnsureBootstrapAdminAsync("rotated-admin-secret");

        Assert.Null(await silo2.FindBySecretAsync(key.Secret));
        Assert.Null(await silo2.FindBySecretAsync("first-admin-secret"));
        Assert.NotNull(await silo2.FindBySecretAsync("rotated-admin-secret"));
    }

    [Fact]
    public async Task Processes_starting_together_make_one_bootstrap_admin()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenStoreAsync()));

        var made = await Task.WhenAll(stores.Select(s => s.EnsureBootstrapAdminAsync("shared-admin-secret")));

        Assert.All(made, m => Assert.Equal(SqliteApiKeyStore.BootstrapKeyId, m.Id));
        Assert.Single(await stores[0].ListAsync(null));
        Assert.Equal(SqliteApiKeyStore.BootstrapKeyId, (await stores[3].FindBySecretAsync("shared-admin-secret"))?.Id);
    }
}
