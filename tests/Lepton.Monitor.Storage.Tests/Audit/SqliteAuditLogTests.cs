namespace Lepton.Monitor.Storage.Tests.Audit;

/// <summary><see cref="AuditLogContractTests"/> on SQLite.</summary>
public sealed class SqliteAuditLogTests : AuditLogContractTests, IDisposable
{
    private readonly TempDataFolder _folder = new();
    private LeptonDatabase? _db;

    protected override Task<IAuditLog> OpenLogAsync()
    {
        // One LeptonDatabase per folder at a time: a reopen closes the previous one first, as a restart does.
        _db?.Dispose();
        _db = _folder.Open();
        return Task.FromResult<IAuditLog>(new SqliteAuditLog(_db));
    }

    protected override Task ExecuteAsync(string sql) => Database.WriteAsync((c, t) => LeptonDatabase.Execute(c, sql, t));

    protected override Task TamperAsync(string sql) => Database.WriteAsync((c, t) => LeptonDatabase.Execute(c,
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql, t));

    private LeptonDatabase Database => _db ?? throw new InvalidOperationException("no log opened");

    public void Dispose()
    {
        _db?.Dispose();
        _folder.Dispose();
    }
}
