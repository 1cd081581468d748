namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="WebhookStoreContractTests"/> on SQLite: every store of a test shares one database file.</summary>
public sealed class SqliteWebhookStoreTests : WebhookStoreContractTests, IAsyncLifetime
{
    private readonly TempDataFolder _folder = new();
    private readonly List<SqliteWebhookStore> _stores = [];
    private LeptonDatabase? _db;

    public Task InitializeAsync()
    {
        _db = _folder.Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
        _db?.Dispose();
        _folder.Dispose();
    }

    protected override Task<IWebhookStore> OpenStoreAsync()
    {
        var store = new SqliteWebhookStore(_db!, Clock);
        _stores.Add(store);
        return Task.FromResult<IWebhookStore>(store);
    }

    protected override async Task<IReadOnlyList<string>> AuditActionsAsync(string target, string tenant) =>
        (await new SqliteAuditLog(_db!).ListForTargetAsync(target, tenant, 100)).Select(e => e.Action).ToList();
}
