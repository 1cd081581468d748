namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="TenantStoreContractTests"/> on SQLite.</summary>
public sealed class TenantStoreTests : TenantStoreContractTests, IDisposable
{
    private readonly TempDataFolder _folder = new();
    private LeptonDatabase? _db;

    protected override Task<ITenantStore> OpenStoreAsync()
    {
        // One LeptonDatabase per folder at a time: a reopen closes the previous one first, as a restart does.
        _db?.Dispose();
        _db = _folder.Open();
        return Task.FromResult<ITenantStore>(new SqliteTenantStore(_db));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _folder.Dispose();
    }
}
