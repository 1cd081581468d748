namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="SilenceStoreContractTests"/> on SQLite: every store of a test shares one database file.</summary>
public sealed class SqliteSilenceStoreTests : SilenceStoreContractTests, IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly LeptonDatabase _db;

    public SqliteSilenceStoreTests() => _db = _folder.Open();

    protected override Task<ISilenceStore> OpenStoreAsync() => Task.FromResult<ISilenceStore>(new SqliteSilenceStore(_db, Clock));

    protected override async Task<IReadOnlyList<(string Action, string Actor)>> AuditAsync(string target) =>
        (await new SqliteAuditLog(_db).ListForTargetAsync(target, null, 100)).Select(e => (e.Action, e.Actor)).ToList();

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }
}
