namespace Lepton.Monitor.Storage.Tests;

/// <summary>The alert contract's backend on the embedded SQLite store (one database in a temporary folder).</summary>
public sealed class SqliteAlertBackend : AlertBackend
{
    private readonly TempDataFolder _folder = new();
    private readonly List<SqliteAlertStore> _stores = new();
    private readonly SqliteAlertEventLog _events;
    private readonly SqliteAlertOutbox _outbox;

    public SqliteAlertBackend()
    {
        Db = _folder.Open();
        _events = new SqliteAlertEventLog(Db);
        _outbox = new SqliteAlertOutbox(Db, Clock);
        Audit = new SqliteAuditLog(Db, Clock);
        Context = new SqliteAlertContext(Db);
        Board = new SqliteBoardAlertReader(Db);
    }

    public LeptonDatabase Db { get; }

    public TempDataFolder Folder => _folder;

    public override IAlertStore OpenStore(ISilenceMatcher? silences = null, bool publish = false)
    {
        var store = new SqliteAlertStore(Db, Clock, publish ? _outbox : null, publish ? Encoder : null, _events, silences);
        _stores.Add(store);
        return store;
    }

    public override IAlertEventLog Events => _events;
    public override IAuditLog Audit { get; }
    public override IAlertOutbox Outbox => _outbox;
    public override IAlertContextReader Context { get; }
    public override IBoardAlertReader Board { get; }

    public override Task RefuseEvidenceAsync(string recordId) =>
        Db.WriteAsync((c, t) => LeptonDatabase.Execute(c, $"""
            CREATE TRIGGER refuse_evidence BEFORE INSERT ON alert_evidence WHEN NEW.record_id = '{recordId}'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
            """, t));

    public override Task<long> CountEvidenceAsync(string recordId)
    {
        using var read = Db.OpenReadConnection();
        using var command = read.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM alert_evidence WHERE record_id = $id;";
        command.Parameters.AddWithValue("$id", recordId);
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    /// <summary>Closes every store and the database, as a stopping process does (the folder stays for a reopen).</summary>
    public async Task DisposeStoresAndDatabaseAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
        _stores.Clear();
        Db.Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeStoresAndDatabaseAsync();
        _folder.Dispose();
    }
}
