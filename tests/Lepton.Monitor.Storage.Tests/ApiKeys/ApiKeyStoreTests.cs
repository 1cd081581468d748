using System.Text;

namespace Lepton.Monitor.Storage.Tests;

public sealed class ApiKeyStoreTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_created_key_is_found_by_its_secret()
    {
        using var db = _folder.Open();
        var store = new SqliteApiKeyStore(db);

        var created = await store.CreateAsync(ApiKeyRoles.Analyst, "acme", "soc laptop");

        Assert.StartsWith(SqliteApiKeyStore.SecretPrefix, created.Secret);
        Assert.Equal(3 + 43, created.Secret.Length); // lk_ + base64url of 32 bytes
        Assert.StartsWith("key-", created.Id);
        var found = await store.FindBySecretAsync(created.Secret);
        Assert.Equal(created.Info, found);
        Assert.Null(await store.FindBySecretAsync(created.Secret + "x"));
        Assert.Null(await store.FindBySecretAsync(""));
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

    [Fact]
    public async Task A_deleted_key_stops_working_at_once_and_after_reopen()
    {
        string secret;
        string keptSecret;
        using (var db = _folder.Open())
        {
            var store = new SqliteApiKeyStore(db);
            var created = await store.CreateAsync(ApiKeyRoles.Ingest, "acme", null);
            keptSecret = (await store.CreateAsync(ApiKeyRoles.Ingest, "acme", null)).Secret;
            secret = created.Secret;

            Assert.True(await store.DeleteAsync(created.Id));
            Assert.False(await store.DeleteAsync(created.Id));
            Assert.Null(await store.FindBySecretAsync(secret));
            Assert.DoesNotContain(await store.ListAsync(null), k => k.Id == created.Id);
        }

        using var reopened = _folder.Open();
        var again = new SqliteApiKeyStore(reopened);
        Assert.Null(await again.FindBySecretAsync(secret));
        Assert.NotNull(await again.FindBySecretAsync(keptSecret));
    }

    [Fact]
    public async Task Bootstrap_admin_is_idempotent_and_a_new_secret_replaces_the_old()
    {
        using (var db = _folder.Open())
        {
            var store = new SqliteApiKeyStore(db);
            var first = await store.EnsureBootstrapAdminAsync("first-admin-secret");
            var second = await store.EnsureBootstrapAdminAsync("first-admin-secret");

            Assert.Equal(first, second);
            Assert.Equal(SqliteApiKeyStore.BootstrapKeyId, first.Id);
            Assert.Equal(ApiKeyRoles.Admin, first.Role);
            Assert.Null(first.Tenant);
            Assert.Single(await store.ListAsync(null));
        }

        using var reopened = _folder.Open();
        var restarted = new SqliteApiKeyStore(reopened);
        Assert.Equal(SqliteApiKeyStore.BootstrapKeyId, (await restarted.FindBySecretAsync("first-admin-secret"))?.Id);

        await restarted.EnsureBootstrapAdminAsync("rotated-admin-secret");

        Assert.Null(await restarted.FindBySecretAsync("first-admin-secret"));
        Assert.NotNull(await restarted.FindBySecretAsync("rotated-admin-secret"));
        Assert.Single(await restarted.ListAsync(null));
    }

    [Fact]
    public async Task List_is_scoped_by_tenant()
    {
        using var db = _folder.Open();
        var store = new SqliteApiKeyStore(db);
        await store.CreateAsync(ApiKeyRoles.Admin, null, "global");
        var acme = await store.CreateAsync(ApiKeyRoles.Integration, "acme", "webhooks");
        await store.CreateAsync(ApiKeyRoles.Analyst, "globex", null);

        Assert.Equal([acme.Id], (await store.ListAsync("acme")).Select(k => k.Id));
        Assert.Equal(3, (await store.ListAsync(null)).Count);
    }

    [Theory]
    [InlineData("root", "acme")]
    [InlineData("Admin", null)]
    [InlineData("analyst", null)]
    [InlineData("ingest", "Not A Tenant")]
    public async Task Invalid_roles_and_scopes_are_refused(string role, string? tenant)
    {
        using var db = _folder.Open();
        var store = new SqliteApiKeyStore(db);

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(role, tenant, null));
        Assert.Empty(await store.ListAsync(null));
    }

    private static void AssertAbsent(byte[] haystack, string secret)
    {
        Assert.True(haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, "the secret is on disk");
        Assert.True(haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, "the secret is on disk (UTF-16)");
    }
}
