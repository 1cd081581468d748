namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="IApiKeyStore"/> must do, whatever holds the keys: each backend's subclass runs these
/// against its own fresh database (SQLite: <see cref="ApiKeyStoreTests"/>; PostgreSQL: <see cref="PostgresApiKeyStoreTests"/>).
/// </summary>
public abstract class ApiKeyStoreContractTests
{
    /// <summary>
    /// A new store over this test's database, as after a restart: the store an earlier call returned is done with
    /// and may no longer work (SQLite closes its file so the next one can take the folder). <paramref name="time"/>:
    /// the store's clock (default: the system's).
    /// </summary>
    protected abstract Task<IApiKeyStore> OpenStoreAsync(TimeProvider? time = null);

    [Fact]
    public async Task A_created_key_is_found_by_its_secret()
    {
        var store = await OpenStoreAsync();

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
    public async Task A_deleted_key_stops_working_at_once_and_after_reopen()
    {
        var store = await OpenStoreAsync();
        var created = await store.CreateAsync(ApiKeyRoles.Ingest, "acme", null);
        var keptSecret = (await store.CreateAsync(ApiKeyRoles.Ingest, "acme", null)).Secret;
        var secret = created.Secret;

        Assert.True(await store.DeleteAsync(created.Id));
        Assert.False(await store.DeleteAsync(created.Id));
        Assert.Null(await store.FindBySecretAsync(secret));
        Assert.DoesNotContain(await store.ListAsync(null), k => k.Id == created.Id);

        var again = await OpenStoreAsync();
        Assert.Null(await again.FindBySecretAsync(secret));
        Assert.NotNull(await again.FindBySecretAsync(keptSecret));
    }

    [Fact]
    public async Task Keys_are_found_by_id_in_one_call_and_a_deleted_or_unknown_id_is_absent()
    {
        var store = await OpenStoreAsync();
        var ana = await store.CreateAsync(ApiKeyRoles.Analyst, "acme", "ana");
        var mlro = await store.CreateAsync(ApiKeyRoles.Approver, "acme", "mlro");
        var gone = await store.CreateAsync(ApiKeyRoles.Analyst, "acme", "gone");
        await store.DeleteAsync(gone.Id);

        var found = await store.FindByIdsAsync([ana.Id, mlro.Id, mlro.Id, gone.Id, "oidc:someone", "key-unknown"]);

        Assert.Equal(new[] { $"{ana.Id} ana", $"{mlro.Id} mlro" }.Order(), found.Select(k => $"{k.Id} {k.Name}").Order());
        Assert.Empty(await store.FindByIdsAsync([]));
    }

    [Fact]
    public async Task Bootstrap_admin_is_idempotent_and_a_new_secret_replaces_the_old()
    {
        var store = await OpenStoreAsync();
        var first = await store.EnsureBootstrapAdminAsync("first-admin-secret");
        var second = await store.EnsureBootstrapAdminAsync("first-admin-secret");

        Assert.Equal(first, second);
        Assert.Equal(SqliteApiKeyStore.BootstrapKeyId, first.Id);
        Assert.Equal(ApiKeyRoles.Admin, first.Role);
        Assert.Null(first.Tenant);
        Assert.Single(await store.ListAsync(null));

        var restarted = await OpenStoreAsync();
        Assert.Equal(SqliteApiKeyStore.BootstrapKeyId, (await restarted.FindBySecretAsync("first-admin-secret"))?.Id);

        await restarted.EnsureBootstrapAdminAsync("rotated-admin-secret");

        Assert.Null(await restarted.FindBySecretAsync("first-admin-secret"));
        Assert.NotNull(await restarted.FindBySecretAsync("rotated-admin-secret"));
        Assert.Single(await restarted.ListAsync(null));
    }

    [Fact]
    public async Task The_bootstrap_secret_cannot_be_another_keys_secret()
    {
        var store = await OpenStoreAsync();
        var other = await store.CreateAsync(ApiKeyRoles.Admin, null, "ops");

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.EnsureBootstrapAdminAsync(other.Secret));

        Assert.Equal([other.Id], (await store.ListAsync(null)).Select(k => k.Id));
        Assert.Equal(other.Id, (await store.FindBySecretAsync(other.Secret))?.Id);
    }

    [Fact]
    public async Task List_is_scoped_by_tenant()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(ApiKeyRoles.Admin, null, "global");
        var acme = await store.CreateAsync(ApiKeyRoles.Integration, "acme", "webhooks");
        await store.CreateAsync(ApiKeyRoles.Analyst, "globex", null);

        Assert.Equal([acme.Id], (await store.ListAsync("acme")).Select(k => k.Id));
        Assert.Equal(3, (await store.ListAsync(null)).Count);
    }

    [Fact]
    public async Task List_is_oldest_first()
    {
        var time = new SteppingTime(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var store = await OpenStoreAsync(time);
        var created = new List<string>();
        for (var i = 0; i < 4; i++)
            created.Add((await store.CreateAsync(ApiKeyRoles.Analyst, "acme", $"k{i}")).Id);
        time.Now = time.Now.AddMinutes(-5); // an older key created later (a clock stepped back) still lists first
        var older = (await store.CreateAsync(ApiKeyRoles.Analyst, "acme", "older")).Id;

        Assert.Equal([older, .. created], (await store.ListAsync("acme")).Select(k => k.Id));
    }

    [Theory]
    [InlineData("root", "acme")]
    [InlineData("Admin", null)]
    [InlineData("analyst", null)]
    [InlineData("ingest", "Not A Tenant")]
    public async Task Invalid_roles_and_scopes_are_refused(string role, string? tenant)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(role, tenant, null));
        Assert.Empty(await store.ListAsync(null));
    }

    [Theory]
    [InlineData("ci\0bot")]
    [InlineData("ci\nbot")]
    public async Task A_name_with_control_characters_is_refused(string name)
    {
        var store = await OpenStoreAsync();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(ApiKeyRoles.Analyst, "acme", name));
        Assert.Contains("control characters", e.Message);
        Assert.Empty(await store.ListAsync(null));
    }

    /// <summary>A clock the test sets; every reading a tick later, so ids of keys made in a row stay ordered.</summary>
    protected sealed class SteppingTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now = Now.AddMilliseconds(1);
    }
}
