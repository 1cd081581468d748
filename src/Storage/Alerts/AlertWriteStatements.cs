using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The statements of an alert upsert, prepared once on the writer connection and reused by every group
/// (Microsoft.Data.Sqlite keeps a command's compiled statement while its text stays the same).
/// Used only by the alert writer, inside a transaction it opened through <see cref="LeptonDatabase.WriteAsync{T}"/>.
/// </summary>
internal sealed class AlertWriteStatements : IAlertUpsertRows, IDisposable
{
    private readonly SqliteCommand[] _all;
    private readonly SqliteCommand _alreadyAlerted;
    private readonly SqliteCommand _findOpen;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _updateCounts;
    private readonly SqliteCommand _link;

    public AlertWriteStatements(SqliteConnection writer)
    {
        // CROSS JOIN pins the join order: start from the record's few links (ix_alert_records_record), then look up
        // each alert by id. With a plain JOIN the planner scans every alert of the tenant per candidate (O(alerts)).
        _alreadyAlerted = Create(writer, """
            SELECT 1 FROM alert_records r CROSS JOIN alerts a ON a.id = r.alert_id
            WHERE r.record_id = $recordId AND a.tenant = $tenant AND a.fingerprint = $fingerprint
            LIMIT 1;
            """, ("$recordId", SqliteType.Text), ("$tenant", SqliteType.Text), ("$fingerprint", SqliteType.Text));
        _findOpen = Create(writer,
            $"SELECT {AlertRows.Columns} FROM alerts a WHERE a.tenant = $tenant AND a.fingerprint = $fingerprint AND a.status IN ('open', 'acknowledged', 'suppressed', 'snoozed');",
            ("$tenant", SqliteType.Text), ("$fingerprint", SqliteType.Text));
        _insert = Create(writer, """
            INSERT INTO alerts (id, tenant, jurisdiction, kind, rule_id, rule_kind, severity, status, disposition,
                fingerprint, first_seen, last_seen, count, entity, record_ids, score, model_version, explanation, assignee, comments,
                version, updated_at, silenced_by)
            VALUES ($id, $tenant, $jurisdiction, $kind, $ruleId, $ruleKind, $severity, $status, $disposition,
                $fingerprint, $firstSeen, $lastSeen, $count, $entity, $recordIds, $score, $modelVersion, $explanation, $assignee, $comments,
                $version, $updatedAt, $silencedBy);
            """,
            ("$id", SqliteType.Text), ("$tenant", SqliteType.Text), ("$jurisdiction", SqliteType.Text), ("$kind", SqliteType.Text),
            ("$ruleId", SqliteType.Text), ("$ruleKind", SqliteType.Text), ("$severity", SqliteType.Text), ("$status", SqliteType.Text),
            ("$disposition", SqliteType.Text), ("$fingerprint", SqliteType.Text), ("$firstSeen", SqliteType.Integer),
            ("$lastSeen", SqliteType.Integer), ("$count", SqliteType.Integer), ("$entity", SqliteType.Text), ("$recordIds", SqliteType.Text),
            ("$score", SqliteType.Real), ("$modelVersion", SqliteType.Text), ("$explanation", SqliteType.Text),
            ("$assignee", SqliteType.Text), ("$comments", SqliteType.Text),
            ("$version", SqliteType.Integer), ("$updatedAt", SqliteType.Integer), ("$silencedBy", SqliteType.Text));
        _updateCounts = Create(writer, """
            UPDATE alerts SET severity = $severity, first_seen = $firstSeen, last_seen = $lastSeen, count = $count,
                record_ids = $recordIds, score = $score, model_version = $modelVersion,
                version = $version, updated_at = $updatedAt, pending_resolution = $pending
            WHERE id = $id;
            """,
            ("$id", SqliteType.Text), ("$severity", SqliteType.Text), ("$firstSeen", SqliteType.Integer), ("$lastSeen", SqliteType.Integer),
            ("$count", SqliteType.Integer), ("$recordIds", SqliteType.Text), ("$score", SqliteType.Real), ("$modelVersion", SqliteType.Text),
            ("$version", SqliteType.Integer), ("$updatedAt", SqliteType.Integer), ("$pending", SqliteType.Text));
        _link = Create(writer, "INSERT OR IGNORE INTO alert_records (alert_id, record_id) VALUES ($alertId, $recordId);",
            ("$alertId", SqliteType.Text), ("$recordId", SqliteType.Text));
        _all = [_alreadyAlerted, _findOpen, _insert, _updateCounts, _link];
        Evidence = new AlertEvidenceWriter(writer);
    }

    /// <summary>The evidence records' insert, enlisted with the others.</summary>
    public AlertEvidenceWriter Evidence { get; }

    /// <summary>Binds every statement to the transaction of the group being written.</summary>
    public void Enlist(SqliteTransaction transaction)
    {
        foreach (var command in _all)
            command.Transaction = transaction;
        Evidence.Enlist(transaction);
    }

    /// <summary>True when the record already counted in an alert of this tenant and fingerprint (open or not).</summary>
    public bool AlreadyAlerted(AlertCandidate candidate)
    {
        var p = _alreadyAlerted.Parameters;
        p[0].Value = candidate.RecordId;
        p[1].Value = candidate.Tenant;
        p[2].Value = candidate.Fingerprint;
        return _alreadyAlerted.ExecuteScalar() is not null;
    }

    /// <summary>The active (not resolved) alert of (tenant, fingerprint), or null.</summary>
    public Alert? FindOpen(string tenant, string fingerprint)
    {
        var p = _findOpen.Parameters;
        p[0].Value = tenant;
        p[1].Value = fingerprint;
        return AlertRows.ReadAll(_findOpen).SingleOrDefault();
    }

    public void Insert(Alert alert)
    {
        var p = _insert.Parameters;
        p[0].Value = alert.Id;
        p[1].Value = alert.Tenant;
        p[2].Value = alert.Jurisdiction;
        p[3].Value = StoredEnums.ToText(alert.Kind);
        p[4].Value = alert.RuleId;
        p[5].Value = alert.RuleKind;
        p[6].Value = StoredEnums.ToText(alert.Severity);
        p[7].Value = StoredEnums.ToText(alert.Status);
        p[8].Value = alert.Disposition is { } d ? StoredEnums.ToText(d) : DBNull.Value;
        p[9].Value = alert.Fingerprint;
        p[10].Value = StoredTime.ToTicks(alert.FirstSeen);
        p[11].Value = StoredTime.ToTicks(alert.LastSeen);
        p[12].Value = alert.Count;
        p[13].Value = alert.Entity;
        p[14].Value = AlertRows.ToJson(alert.RecordIds);
        p[15].Value = (object?)alert.Score ?? DBNull.Value;
        p[16].Value = (object?)alert.ModelVersion ?? DBNull.Value;
        p[17].Value = AlertRows.ToJson(alert.Explanation);
        p[18].Value = (object?)alert.Assignee ?? DBNull.Value;
        p[19].Value = AlertRows.ToJson(alert.Comments);
        p[20].Value = alert.Version;
        p[21].Value = StoredTime.ToTicks(alert.UpdatedAt);
        p[22].Value = (object?)alert.SilencedBy ?? DBNull.Value;
        _insert.ExecuteNonQuery();
    }

    /// <summary>Stores what absorbing candidates changes.</summary>
    public void UpdateCounts(Alert alert)
    {
        var p = _updateCounts.Parameters;
        p[0].Value = alert.Id;
        p[1].Value = StoredEnums.ToText(alert.Severity);
        p[2].Value = StoredTime.ToTicks(alert.FirstSeen);
        p[3].Value = StoredTime.ToTicks(alert.LastSeen);
        p[4].Value = alert.Count;
        p[5].Value = AlertRows.ToJson(alert.RecordIds);
        p[6].Value = (object?)alert.Score ?? DBNull.Value;
        p[7].Value = (object?)alert.ModelVersion ?? DBNull.Value;
        p[8].Value = alert.Version;
        p[9].Value = StoredTime.ToTicks(alert.UpdatedAt);
        p[10].Value = alert.PendingResolution is { } pending ? AlertRows.ToJson(pending) : DBNull.Value;
        _updateCounts.ExecuteNonQuery();
    }

    public void WriteEvidence(string alertId, AlertCandidate candidate, MonitoredRecord record) => Evidence.Write(alertId, candidate, record);

    public void Link(string alertId, string recordId)
    {
        var p = _link.Parameters;
        p[0].Value = alertId;
        p[1].Value = recordId;
        _link.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _all)
            command.Dispose();
        Evidence.Dispose();
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
            command.Parameters.Add(name, type);
        return command;
    }
}
