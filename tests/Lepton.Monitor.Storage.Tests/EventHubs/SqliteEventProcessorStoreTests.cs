namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="EventProcessorStoreContractTests"/> on SQLite (one database per test; stores share it as the all-in-one's components do).</summary>
public sealed class SqliteEventProcessorStoreTests : EventProcessorStoreContractTests, IDisposable
{
    private readonly TempDataFolder _folder = new();
    private LeptonDatabase? _db;

    protected override Task<IEventProcessorStore> OpenStoreAsync()
    {
        _db ??= _folder.Open();
        return Task.FromResult<IEventProcessorStore>(new SqliteEventProcessorStore(_db));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Ownership_and_checkpoints_survive_a_reopen()
    {
        PartitionOwnership claimed;
        using (var db = _folder.Open())
        {
            var store = new SqliteEventProcessorStore(db);
            claimed = Assert.Single(await store.ClaimOwnershipAsync([Claim("0", "a")]));
            await store.UpdateCheckpointAsync(Checkpoint("0", 12, "3072"));
        }

        var reopened = await OpenStoreAsync();
        Assert.Equal([claimed], await reopened.ListOwnershipAsync(Ns, Hub, Group));
        var checkpoint = await reopened.GetCheckpointAsync(Ns, Hub, Group, "0");
        Assert.Equal(("3072", 12L), (checkpoint?.Offset, checkpoint?.SequenceNumber ?? -1));
    }
}
