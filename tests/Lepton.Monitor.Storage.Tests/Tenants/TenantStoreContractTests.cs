using System.Text.Json;

namespace Lepton.Monitor.Storage.Tests;

public sealed class TenantStoreTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Upsert_stores_normalizes_and_refreshes_the_snapshot()
    {
        using var db = _folder.Open();
        var store = new SqliteTenantStore(db);
        var overrides = JsonDocument.Parse("""{"threshold":{"US":{"amount":5000}}}""").RootElement;

        var stored = await store.UpsertAsync(new TenantInfo("acme", " Acme Bank ", ["us", "EU", "US", "global"], overrides, default));

        Assert.Equal("Acme Bank", stored.Name);
        Assert.Equal(["US", "EU", "GLOBAL"], stored.Jurisdictions);
        Assert.Same(stored, store.Snapshot["acme"]);
        Assert.Equal(5000, store.Snapshot["acme"].Overrides!.Value.GetProperty("threshold").GetProperty("US").GetProperty("amount").GetInt32());
        Assert.NotEqual(default, stored.CreatedAt);
    }

    [Fact]
    public async Task Replacing_a_tenant_keeps_its_creation_time_and_survives_reopen()
    {
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using (var db = _folder.Open())
        {
            var store = new SqliteTenantStore(db);
            await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, created));
            var replaced = await store.UpsertAsync(new TenantInfo("acme", "Acme Bank", ["US", "EU"], null, created.AddYears(1)));

            Assert.Equal(created, replaced.CreatedAt);
            Assert.Single(store.Snapshot);
        }

        using var reopened = _folder.Open();
        var again = new SqliteTenantStore(reopened);
        var tenant = await again.GetAsync("acme");
        Assert.NotNull(tenant);
        Assert.Equal("Acme Bank", tenant.Name);
        Assert.Equal(["US", "EU"], tenant.Jurisdictions);
        Assert.Null(tenant.Overrides);
        Assert.Equal(created, tenant.CreatedAt);
        Assert.Null(await again.GetAsync("globex"));
    }

    [Fact]
    public async Task List_pages_by_id()
    {
        using var db = _folder.Open();
        var store = new SqliteTenantStore(db);
        foreach (var id in new[] { "delta", "alpha", "echo", "charlie", "bravo" })
            await store.UpsertAsync(new TenantInfo(id, id, ["GLOBAL"], null, default));

        var first = await store.ListAsync(2, null);
        var second = await store.ListAsync(2, first.NextCursor);
        var third = await store.ListAsync(2, second.NextCursor);

        Assert.Equal(["alpha", "bravo"], first.Items.Select(t => t.Id));
        Assert.Equal(["charlie", "delta"], second.Items.Select(t => t.Id));
        Assert.Equal(["echo"], third.Items.Select(t => t.Id));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task The_pseudonym_key_is_random_per_tenant_and_stable_across_reopen()
    {
        byte[] acme;
        byte[] globex;
        using (var db = _folder.Open())
        {
            var store = new SqliteTenantStore(db);
            acme = await store.GetOrCreatePseudonymKeyAsync("acme");
            globex = await store.GetOrCreatePseudonymKeyAsync("globex");

            Assert.Equal(SqliteTenantStore.PseudonymKeyBytes, acme.Length);
            Assert.NotEqual(acme, globex);
            Assert.Equal(acme, await store.GetOrCreatePseudonymKeyAsync("acme"));
            acme[0] ^= 0xFF; // a caller scribbling on its copy must not change the key
            Assert.NotEqual(acme, await store.GetOrCreatePseudonymKeyAsync("acme"));
            acme[0] ^= 0xFF;
        }

        using var reopened = _folder.Open();
        var again = new SqliteTenantStore(reopened);
        Assert.Equal(acme, await again.GetOrCreatePseudonymKeyAsync("acme"));
        Assert.Equal(globex, await again.GetOrCreatePseudonymKeyAsync("globex"));
    }

    [Fact]
    public async Task Concurrent_first_uses_agree_on_one_key()
    {
        using var db = _folder.Open();
        var store = new SqliteTenantStore(db);

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.GetOrCreatePseudonymKeyAsync("acme"))));

        Assert.All(keys, k => Assert.Equal(keys[0], k));
    }

    [Theory]
    [InlineData("Acme", "Acme", "US")]
    [InlineData("acme", "", "US")]
    [InlineData("acme", "Acme", "U S")]
    public async Task Invalid_tenants_are_refused(string id, string name, string jurisdiction)
    {
        using var db = _folder.Open();
        var store = new SqliteTenantStore(db);

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(new TenantInfo(id, name, [jurisdiction], null, default)));
        Assert.Empty(store.Snapshot);
    }
}
