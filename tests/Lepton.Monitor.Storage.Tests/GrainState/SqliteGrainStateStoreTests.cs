namespace Lepton.Monitor.Storage.Tests.GrainState;

public sealed class SqliteGrainStateStoreTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Write_then_read_round_trips_and_the_etag_advances()
    {
        using var db = _folder.Open();
        var store = new SqliteGrainStateStore(db);
        Assert.Null(store.Read("monitor", "g/1"));

        var e1 = await store.WriteAsync("monitor", "g/1", null, [1, 2, 3]);
        var e2 = await store.WriteAsync("monitor", "g/1", e1, [4]);

        Assert.NotEqual(e1, e2);
        var stored = store.Read("monitor", "g/1")!;
        Assert.Equal([4], stored.Payload);
        Assert.Equal(e2, stored.ETag);
        Assert.Null(store.Read("other-state", "g/1"));
    }

    [Fact]
    public async Task A_stale_etag_is_a_conflict_and_changes_nothing()
    {
        using var db = _folder.Open();
        var store = new SqliteGrainStateStore(db);
        var e1 = await store.WriteAsync("monitor", "g/1", null, [1]);
        await store.WriteAsync("monitor", "g/1", e1, [2]);

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => store.WriteAsync("monitor", "g/1", e1, [3]));
        Assert.Equal(e1, conflict.ExpectedETag);
        await Assert.ThrowsAsync<GrainStateConflictException>(() => store.WriteAsync("monitor", "g/1", null, [3]));
        Assert.Equal([2], store.Read("monitor", "g/1")!.Payload);
    }

    [Fact]
    public async Task Clear_removes_the_row_and_state_survives_a_reopen()
    {
        string etag;
        using (var db = _folder.Open())
        {
            var store = new SqliteGrainStateStore(db);
            etag = await store.WriteAsync("monitor", "keep", null, [7]);
            var gone = await store.WriteAsync("monitor", "gone", null, [8]);
            await store.ClearAsync("monitor", "gone", gone);
            Assert.Null(store.Read("monitor", "gone"));
        }
        using (var db = _folder.Open())
        {
            var stored = new SqliteGrainStateStore(db).Read("monitor", "keep")!;
            Assert.Equal([7], stored.Payload);
            Assert.Equal(etag, stored.ETag);
        }
    }
}
