using System.Text.Json;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="ITenantStore"/> must do: each backend's subclass runs these against its own fresh database
/// (SQLite: <see cref="TenantStoreTests"/>; PostgreSQL: <see cref="PostgresTenantStoreTests"/>).
/// </summary>
public abstract class TenantStoreContractTests
{
    /// <summary>
    /// A new store over this test's database, as after a restart: the store an earlier call returned is done with
    /// and may no longer work (SQLite closes its file so the next one can take the folder).
    /// </summary>
    protected abstract Task<ITenantStore> OpenStoreAsync();

    [Fact]
    public async Task Upsert_stores_normalizes_and_refreshes_the_snapshot()
    {
        var store = await OpenStoreAsync();
        var overrides = JsonDocument.Parse("""{"threshold":{"US":{"amount":5000}}}""").RootElement;

        var stored = await store.UpsertAsync(new TenantInfo("acme", " Acme Bank ", ["us", "EU", "US", "global"], overrides, default));

        Assert.Equal("Acme Bank", stored.Name);
        Assert.Equal(["US", "EU", "GLOBAL"], stored.Jurisdictions);
        Assert.NotEqual(default, stored.CreatedAt);
        var cached = store.Snapshot["acme"];
        Assert.Equal((stored.Name, stored.CreatedAt, stored.Settings), (cached.Name, cached.CreatedAt, cached.Settings));
        Assert.Equal(stored.Jurisdictions, cached.Jurisdictions);
        Assert.Equal(5000, cached.Overrides!.Value.GetProperty("threshold").GetProperty("US").GetProperty("amount").GetInt32());
        Assert.Equal(5000, (await store.GetAsync("acme"))!.Overrides!.Value.GetProperty("threshold").GetProperty("US").GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Replacing_a_tenant_keeps_its_creation_time_and_survives_reopen()
    {
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var store = await OpenStoreAsync();
        await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, created));
        var replaced = await store.UpsertAsync(new TenantInfo("acme", "Acme Bank", ["US", "EU"], null, created.AddYears(1)));

        Assert.Equal(created, replaced.CreatedAt);
        Assert.Single(store.Snapshot);

        var again = await OpenStoreAsync();
        var tenant = await again.GetAsync("acme");
        Assert.NotNull(tenant);
        Assert.Equal("Acme Bank", tenant.Name);
        Assert.Equal(["US", "EU"], tenant.Jurisdictions);
        Assert.Null(tenant.Overrides);
        Assert.Equal(created, tenant.CreatedAt);
        Assert.Equal(["acme"], again.Snapshot.Keys);
        Assert.Null(await again.GetAsync("globex"));
    }

    [Fact]
    public async Task List_pages_by_id_in_ordinal_order()
    {
        var store = await OpenStoreAsync();
        // '-' sorts before digits and letters ordinally, whatever a database's collation says.
        foreach (var id in new[] { "delta", "alpha", "a0", "echo", "charlie", "a-z", "bravo" })
            await store.UpsertAsync(new TenantInfo(id, id, ["GLOBAL"], null, default));

        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(2, cursor);
            ids.AddRange(page.Items.Select(t => t.Id));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);

        Assert.Equal(["a-z", "a0", "alpha", "bravo", "charlie", "delta", "echo"], ids);
        Assert.Equal(4, pages);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(0, null));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(2, "not-a-cursor!"));
    }

    [Fact]
    public async Task The_pseudonym_key_is_random_per_tenant_and_stable_across_reopen()
    {
        var store = await OpenStoreAsync();
        var acme = await store.GetOrCreatePseudonymKeyAsync("acme");
        var globex = await store.GetOrCreatePseudonymKeyAsync("globex");

        Assert.Equal(SqliteTenantStore.PseudonymKeyBytes, acme.Length);
        Assert.NotEqual(acme, globex);
        Assert.Equal(acme, await store.GetOrCreatePseudonymKeyAsync("acme"));
        acme[0] ^= 0xFF; // a caller scribbling on its copy must not change the key
        Assert.NotEqual(acme, await store.GetOrCreatePseudonymKeyAsync("acme"));
        acme[0] ^= 0xFF;
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetOrCreatePseudonymKeyAsync("Not A Tenant"));

        var again = await OpenStoreAsync();
        Assert.Equal(acme, await again.GetOrCreatePseudonymKeyAsync("acme"));
        Assert.Equal(globex, await again.GetOrCreatePseudonymKeyAsync("globex"));
    }

    [Fact]
    public async Task Concurrent_first_uses_agree_on_one_key()
    {
        var store = await OpenStoreAsync();

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.GetOrCreatePseudonymKeyAsync("acme"))));

        Assert.All(keys, k => Assert.Equal(keys[0], k));
    }

    [Theory]
    [InlineData("Acme", "Acme", "US")]
    [InlineData("acme", "", "US")]
    [InlineData("acme", "Acme", "U S")]
    [InlineData("acme", "Ac\0me", "US")]
    [InlineData("acme", "Ac\u001Bme", "US")]
    public async Task Invalid_tenants_are_refused(string id, string name, string jurisdiction)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(new TenantInfo(id, name, [jurisdiction], null, default)));
        Assert.Empty(store.Snapshot);
        Assert.Empty((await store.ListAsync(10, null)).Items);
    }

    [Fact]
    public async Task Settings_survive_a_reopen_and_an_upsert_without_settings_keeps_them()
    {
        var store = await OpenStoreAsync();
        var created = await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default));
        Assert.Equal(TenantSettings.Default, created.Settings);

        var strict = await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default) { Settings = new(FourEyesResolution: true, Shards: 4) });
        Assert.Equal(new TenantSettings(true, 4), strict.Settings);

        // The demo and the benchmarks upsert with jurisdictions only: that must not reset a tenant's settings.
        var kept = await store.UpsertAsync(new TenantInfo("acme", "Acme Bank", ["US", "EU"], null, default));
        Assert.Equal(new TenantSettings(true, 4), kept.Settings);
        Assert.Equal(new TenantSettings(true, 4), store.Snapshot["acme"].Settings);

        var reopened = await (await OpenStoreAsync()).GetAsync("acme");
        Assert.Equal(new TenantSettings(true, 4), reopened!.Settings);
        Assert.Equal("Acme Bank", reopened.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public async Task A_shard_count_out_of_range_is_refused_and_nothing_changes(int shards)
    {
        var store = await OpenStoreAsync();
        await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default) { Settings = new(Shards: shards) }));

        Assert.Contains("settings.shards", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await store.GetAsync("acme"))!.Settings!.Shards);
    }
}
