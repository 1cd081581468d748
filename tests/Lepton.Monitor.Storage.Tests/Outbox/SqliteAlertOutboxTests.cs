namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="AlertOutboxContractTests"/> on SQLite, plus the outbox's own table migration there.</summary>
public sealed class SqliteAlertOutboxTests : AlertOutboxContractTests
{
    private readonly TempDataFolder _folder = new();
    private LeptonDatabase? _db;

    protected override Task<IAlertOutbox> OpenOutboxAsync(TimeProvider clock)
    {
        // One LeptonDatabase per folder at a time: a reopen closes the previous one first, as a restart does.
        _db?.Dispose();
        _db = _folder.Open();
        return Task.FromResult<IAlertOutbox>(new SqliteAlertOutbox(_db, clock));
    }

    public override Task DisposeAsync()
    {
        _db?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_outbox_table_written_by_an_older_build_is_migrated_and_its_events_are_still_published()
    {
        _db?.Dispose();
        using (var db = _folder.Open())
        {
            await db.WriteAsync((c, t) => LeptonDatabase.Execute(c, """
                CREATE TABLE alert_outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, msg_key TEXT NOT NULL, event_id TEXT NOT NULL, payload BLOB NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
                INSERT INTO alert_outbox (msg_key, event_id, payload, attempts, created_at) VALUES ('acme', 'old-1', x'00', 7, 0);
                """, t));
        }
        _db = null;
        var outbox = await OpenOutboxAsync(TimeProvider.System);

        var due = await outbox.ReadDueAsync(10, DateTimeOffset.UtcNow);

        Assert.Equal(["old-1"], due.Select(e => e.EventId));
        Assert.Equal(7, due[0].Attempts);
        Assert.Empty(await outbox.ListParkedAsync(10));
    }
}
