using System.Text.Json;
using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The prepared insert of evidence records, used by the alert writer inside the upsert transaction.
/// INSERT OR IGNORE: a replayed record (same alert, same record id) never adds a second row.
/// </summary>
internal sealed class AlertEvidenceWriter : IDisposable
{
    private readonly SqliteCommand _insert;

    public AlertEvidenceWriter(SqliteConnection writer)
    {
        _insert = writer.CreateCommand();
        _insert.CommandText = """
            INSERT OR IGNORE INTO alert_evidence (alert_id, record_id, tenant, entity, event_time, payload)
            VALUES ($alertId, $recordId, $tenant, $entity, $eventTime, $payload);
            """;
        _insert.Parameters.Add("$alertId", SqliteType.Text);
        _insert.Parameters.Add("$recordId", SqliteType.Text);
        _insert.Parameters.Add("$tenant", SqliteType.Text);
        _insert.Parameters.Add("$entity", SqliteType.Text);
        _insert.Parameters.Add("$eventTime", SqliteType.Integer);
        _insert.Parameters.Add("$payload", SqliteType.Text);
    }

    public void Enlist(SqliteTransaction transaction) => _insert.Transaction = transaction;

    public void Write(string alertId, AlertCandidate candidate, MonitoredRecord record)
    {
        var p = _insert.Parameters;
        p[0].Value = alertId;
        p[1].Value = record.Id;
        p[2].Value = candidate.Tenant;
        p[3].Value = candidate.Entity;
        p[4].Value = StoredTime.ToTicks(record.Timestamp);
        p[5].Value = JsonSerializer.Serialize(record, StorageJson.Options);
        _insert.ExecuteNonQuery();
    }

    public void Dispose() => _insert.Dispose();
}
