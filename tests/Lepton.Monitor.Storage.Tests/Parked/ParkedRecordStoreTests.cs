namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="ParkedRecordStoreContractTests"/> on SQLite.</summary>
public sealed class ParkedRecordStoreTests : ParkedRecordStoreContractTests, IDisposable
{
    private readonly TempDataFolder _folder = new();
    private LeptonDatabase? _db;

    protected override Task<IParkedRecordStore> OpenStoreAsync()
    {
        // One LeptonDatabase per folder at a time: a reopen closes the previous one first, as a restart does.
        _db?.Dispose();
        _db = _folder.Open();
        return Task.FromResult<IParkedRecordStore>(new SqliteParkedRecordStore(_db, Clock, Backoff));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _folder.Dispose();
    }
}
