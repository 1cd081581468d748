using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>The alert contract's backend on a freshly migrated PostgreSQL database of the test server.</summary>
public sealed class PostgresAlertBackend : AlertBackend
{
    private readonly PostgresAlertEventLog _events;
    private readonly PostgresAlertOutbox _outbox;
    private readonly List<PostgresAlertEventLog> _otherLogs = new();

    private readonly string _connectionString; // with its password, which NpgsqlDataSource.ConnectionString leaves out

    private PostgresAlertBackend(string connectionString)
    {
        _connectionString = connectionString;
        var dataSource = NpgsqlDataSource.Create(connectionString);
        DataSource = dataSource;
        _events = new PostgresAlertEventLog(dataSource);
        _outbox = new PostgresAlertOutbox(dataSource, Clock);
        Audit = new PostgresAuditLog(dataSource, Clock);
        Context = new PostgresAlertContext(dataSource);
        Board = new PostgresBoardAlertReader(dataSource);
    }

    public static async Task<PostgresAlertBackend> CreateAsync(PostgresServer server)
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "alerts");
        await PostgresMigrator.MigrateAsync(db);
        return new PostgresAlertBackend(db);
    }

    public NpgsqlDataSource DataSource { get; }

    public override IAlertStore OpenStore(ISilenceMatcher? silences = null, bool publish = false) =>
        new PostgresAlertStore(DataSource, Clock, publish ? _outbox : null, publish ? Encoder : null, _events, silences);

    /// <summary>A store as another process has it: its own pool and its own change-feed log (woken only by notifications).</summary>
    public (PostgresAlertStore Store, PostgresAlertEventLog Events) OpenOtherProcess()
    {
        var dataSource = NpgsqlDataSource.Create(_connectionString);
        var events = new PostgresAlertEventLog(dataSource);
        _otherLogs.Add(events);
        _otherSources.Add(dataSource);
        return (new PostgresAlertStore(dataSource, Clock, events: events), events);
    }

    private readonly List<NpgsqlDataSource> _otherSources = new();

    public override IAlertEventLog Events => _events;
    public override IAuditLog Audit { get; }
    public override IAlertOutbox Outbox => _outbox;
    public override IAlertContextReader Context { get; }
    public override IBoardAlertReader Board { get; }

    public override async Task RefuseEvidenceAsync(string recordId)
    {
        await using var command = DataSource.CreateCommand($"""
            CREATE FUNCTION refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.record_id = '{recordId}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER refuse_evidence BEFORE INSERT ON alert_evidence FOR EACH ROW EXECUTE FUNCTION refuse_evidence();
            """);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<long> CountEvidenceAsync(string recordId)
    {
        await using var command = DataSource.CreateCommand("SELECT COUNT(*) FROM alert_evidence WHERE record_id = @id");
        command.Parameters.AddWithValue("id", recordId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var log in _otherLogs)
            await log.DisposeAsync();
        foreach (var source in _otherSources)
            await source.DisposeAsync();
        await _events.DisposeAsync();
        await _outbox.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
