using System.Text;

namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="ApiKeyStoreContractTests"/> on SQLite, plus what only a database file can show.</summary>
public sealed class ApiKeyStoreTests : ApiKeyStoreContractTests, IDisposable
{
    private readonly TempDataFolder _folder = new();
    private LeptonDatabase? _db;

    protected override Task<IApiKeyStore> OpenStoreAsync(TimeProvider? time = null)
    {
        // One LeptonDatabase per folder at a time: a reopen closes the previous one first, as a restart does.
        _db?.Dispose();
        _db = _folder.Open();
        return Task.FromResult<IApiKeyStore>(new SqliteApiKeyStore(_db, time));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_secret_is_never_written_to_disk()
    {
        string secret;
        using (var db = _folder.Open())
        {
            var store = new SqliteApiKeyStore(db);
            secret = (await store.CreateAsync(ApiKeyRoles.Admin, null, "ops")).Secret;
            await store.EnsureBootstrapAdminAsync("bootstrap-secret-from-env-0123456789");
            // Check while the WAL still holds the fresh pages, then again after the checkpoint at close.
            AssertAbsent(_folder.AllFileBytes(), secret);
            AssertAbsent(_folder.AllFileBytes(), "bootstrap-secret-from-env-0123456789");
        }
        var onDisk = _folder.AllFileBytes();
        AssertAbsent(onDisk, secret);
        AssertAbsent(onDisk, secret[3..]); // not even the random part

        using var reopened = _folder.Open();
        Assert.NotNull(await new SqliteApiKeyStore(reopened).FindBySecretAsync(secret));
    }

    private static void AssertAbsent(byte[] haystack, string secret)
    {
        Assert.True(haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, "the secret is on disk");
        Assert.True(haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, "the secret is on disk (UTF-16)");
    }
}
