namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="RecordJournalContractTests"/> on SQLite.</summary>
public sealed class RecordJournalTests : RecordJournalContractTests, IAsyncLifetime
{
    private readonly TempDataFolder _folder = new();
    private LeptonDatabase? _db;
    private SqliteRecordJournal? _journal;

    public Task InitializeAsync() => Task.CompletedTask;

    protected override async Task<IRecordJournal> OpenJournalAsync(TimeProvider? time = null)
    {
        // One LeptonDatabase per folder at a time: a reopen closes the previous journal and database first, as a restart does.
        await CloseAsync();
        _db = _folder.Open();
        _journal = new SqliteRecordJournal(_db, time);
        return _journal;
    }

    protected override Task<long[]> StoredPayloadSeqsAsync()
    {
        using var connection = Db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_seq FROM journal_blocks ORDER BY last_seq;";
        using var reader = command.ExecuteReader();
        var seqs = new List<long>();
        while (reader.Read())
            seqs.Add(reader.GetInt64(0));
        return Task.FromResult<long[]>([.. seqs]);
    }

    protected override Task<long> KeyCountAsync()
    {
        using var connection = Db.OpenReadConnection();
        return Task.FromResult((long)LeptonDatabase.ExecuteScalar(connection, "SELECT COUNT(*) FROM journal_keys;")!);
    }

    protected override async Task<IAsyncDisposable> HoldWritesAsync()
    {
        // The database's single writer is held: the journal's writer waits for it with the requests it took.
        var hold = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        var db = Db;
        var holding = Task.Run(() => db.WriteAsync<int>((_, _) => { held.SetResult(); hold.Task.Wait(); return 0; }));
        await held.Task;
        return new AsyncRelease(async () =>
        {
            hold.SetResult();
            await holding;
        });
    }

    public async Task DisposeAsync()
    {
        await CloseAsync();
        _folder.Dispose();
    }

    private LeptonDatabase Db => _db ?? throw new InvalidOperationException("no journal opened");

    private async Task CloseAsync()
    {
        if (_journal is not null)
            await _journal.DisposeAsync();
        _db?.Dispose();
        _journal = null;
        _db = null;
    }
}
