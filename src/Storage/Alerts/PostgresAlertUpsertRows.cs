using Lepton.Monitor.Storage.Postgres;
using System.Text.Json;
using Lepton.Monitor.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IAlertUpsertRows"/> for one PostgreSQL upsert transaction. <see cref="LoadAsync"/> reads, in two round
/// trips for the whole batch, the active alerts of its fingerprints (locked FOR UPDATE, in key order so two writers
/// never deadlock on them) and which of its records already counted; <see cref="AlertUpsertGroup"/> then works in
/// memory, and <see cref="FlushAsync"/> sends every write as one batch.
/// </summary>
internal sealed class PostgresAlertUpsertRows : IAlertUpsertRows
{
    private readonly Dictionary<(string Tenant, string Fingerprint), Alert> _open = new();
    private readonly HashSet<(string Tenant, string Fingerprint, string RecordId)> _alerted = new();
    private readonly List<Alert> _inserts = new();
    private readonly List<Alert> _updates = new();
    private readonly List<string> _linkAlerts = new(), _linkRecords = new();
    private readonly List<(string AlertId, AlertCandidate Candidate, MonitoredRecord Record)> _evidence = new();

    /// <summary>
    /// Locks the batch's active alerts first, then reads the record links: a writer that waited for the lock sees
    /// the links the previous holder committed (READ COMMITTED takes a new snapshot per statement), so a record id
    /// retried from another process never counts twice.
    /// </summary>
    public async Task LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AlertCandidate> candidates, CancellationToken ct)
    {
        var keys = candidates.Select(c => (c.Tenant, c.Fingerprint)).Distinct().ToList();
        await using (var open = new NpgsqlCommand($"""
            SELECT {AlertRows.Columns} FROM alerts a
            JOIN unnest(@tenants, @fingerprints) AS k(tenant, fingerprint) ON a.tenant = k.tenant AND a.fingerprint = k.fingerprint
            WHERE a.status IN ('open', 'acknowledged', 'suppressed', 'snoozed')
            ORDER BY a.tenant, a.fingerprint
            FOR UPDATE OF a
            """, connection, transaction))
        {
            open.Parameters.Add(TextArray("tenants", keys.Select(k => k.Tenant)));
            open.Parameters.Add(TextArray("fingerprints", keys.Select(k => k.Fingerprint)));
            await using var reader = await open.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var alert = AlertRows.Read(reader);
                _open[(alert.Tenant, alert.Fingerprint)] = alert;
            }
        }

        var records = candidates.Select(c => (c.Tenant, c.Fingerprint, c.RecordId)).Distinct().ToList();
        await using var alerted = new NpgsqlCommand("""
            SELECT DISTINCT a.tenant, a.fingerprint, r.record_id
            FROM unnest(@tenants, @fingerprints, @records) AS c(tenant, fingerprint, record_id)
            JOIN alert_records r ON r.record_id = c.record_id
            JOIN alerts a ON a.id = r.alert_id AND a.tenant = c.tenant AND a.fingerprint = c.fingerprint
            """, connection, transaction);
        alerted.Parameters.Add(TextArray("tenants", records.Select(r => r.Tenant)));
        alerted.Parameters.Add(TextArray("fingerprints", records.Select(r => r.Fingerprint)));
        alerted.Parameters.Add(TextArray("records", records.Select(r => r.RecordId)));
        await using var rows = await alerted.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await rows.ReadAsync(ct).ConfigureAwait(false))
            _alerted.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2)));
    }

    public bool AlreadyAlerted(AlertCandidate candidate) => _alerted.Contains((candidate.Tenant, candidate.Fingerprint, candidate.RecordId));

    public Alert? FindOpen(string tenant, string fingerprint) => _open.GetValueOrDefault((tenant, fingerprint));

    public void Insert(Alert alert) => _inserts.Add(alert);

    public void UpdateCounts(Alert alert) => _updates.Add(alert);

    public void Link(string alertId, string recordId)
    {
        _linkAlerts.Add(alertId);
        _linkRecords.Add(recordId);
    }

    public void WriteEvidence(string alertId, AlertCandidate candidate, MonitoredRecord record) => _evidence.Add((alertId, candidate, record));

    /// <summary>
    /// Every write of the group in one round trip. A new alert whose fingerprint another process opened meanwhile
    /// fails on <c>ux_alerts_active_fingerprint</c> (23505); the store retries the whole transaction, which then finds it.
    /// </summary>
    public async Task FlushAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var alert in _inserts)
            batch.BatchCommands.Add(InsertCommand(alert));
        foreach (var alert in _updates)
            batch.BatchCommands.Add(UpdateCountsCommand(alert));
        if (_linkAlerts.Count > 0)
        {
            var link = new NpgsqlBatchCommand("""
                INSERT INTO alert_records (alert_id, record_id) SELECT * FROM unnest(@alerts, @records)
                ON CONFLICT DO NOTHING
                """);
            link.Parameters.Add(TextArray("alerts", _linkAlerts));
            link.Parameters.Add(TextArray("records", _linkRecords));
            batch.BatchCommands.Add(link);
        }
        if (_evidence.Count > 0)
        {
            var evidence = new NpgsqlBatchCommand("""
                INSERT INTO alert_evidence (alert_id, record_id, tenant, entity, event_time, payload)
                SELECT a, r, t, e, at, p::jsonb FROM unnest(@alerts, @records, @tenants, @entities, @times, @payloads) AS x(a, r, t, e, at, p)
                ON CONFLICT DO NOTHING
                """);
            evidence.Parameters.Add(TextArray("alerts", _evidence.Select(e => e.AlertId)));
            evidence.Parameters.Add(TextArray("records", _evidence.Select(e => e.Record.Id)));
            evidence.Parameters.Add(TextArray("tenants", _evidence.Select(e => e.Candidate.Tenant)));
            evidence.Parameters.Add(TextArray("entities", _evidence.Select(e => e.Candidate.Entity)));
            evidence.Parameters.Add(new NpgsqlParameter<long[]>("times", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
            {
                TypedValue = [.. _evidence.Select(e => StoredTime.ToTicks(e.Record.Timestamp))],
            });
            evidence.Parameters.Add(TextArray("payloads", _evidence.Select(e => PostgresText.JsonWithoutNul(JsonSerializer.Serialize(e.Record, StorageJson.Options)))));
            batch.BatchCommands.Add(evidence);
        }
        if (batch.BatchCommands.Count > 0)
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand InsertCommand(Alert alert)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO alerts (id, tenant, jurisdiction, kind, rule_id, rule_kind, severity, status, disposition,
                fingerprint, first_seen, last_seen, count, entity, record_ids, score, model_version, explanation, assignee, comments,
                version, updated_at, silenced_by)
            VALUES (@id, @tenant, @jurisdiction, @kind, @ruleId, @ruleKind, @severity, @status, @disposition,
                @fingerprint, @firstSeen, @lastSeen, @count, @entity, @recordIds, @score, @modelVersion, @explanation, @assignee, @comments,
                @version, @updatedAt, @silencedBy)
            """);
        var p = command.Parameters;
        p.Add(Text("id", alert.Id));
        p.Add(Text("tenant", alert.Tenant));
        p.Add(Text("jurisdiction", alert.Jurisdiction));
        p.Add(Text("kind", StoredEnums.ToText(alert.Kind)));
        p.Add(Text("ruleId", alert.RuleId));
        p.Add(Text("ruleKind", alert.RuleKind));
        p.Add(Text("severity", StoredEnums.ToText(alert.Severity)));
        p.Add(Text("status", StoredEnums.ToText(alert.Status)));
        p.Add(Text("disposition", alert.Disposition is { } d ? StoredEnums.ToText(d) : null));
        p.Add(Text("fingerprint", alert.Fingerprint));
        p.Add(Bigint("firstSeen", StoredTime.ToTicks(alert.FirstSeen)));
        p.Add(Bigint("lastSeen", StoredTime.ToTicks(alert.LastSeen)));
        p.Add(Bigint("count", alert.Count));
        p.Add(Text("entity", alert.Entity));
        p.Add(Jsonb("recordIds", AlertRows.ToJson(alert.RecordIds)));
        p.Add(Double("score", alert.Score));
        p.Add(Text("modelVersion", alert.ModelVersion));
        p.Add(Jsonb("explanation", AlertRows.ToJson(alert.Explanation)));
        p.Add(Text("assignee", alert.Assignee));
        p.Add(Jsonb("comments", AlertRows.ToJson(alert.Comments)));
        p.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = checked((int)alert.Version) });
        p.Add(Bigint("updatedAt", StoredTime.ToTicks(alert.UpdatedAt)));
        p.Add(Text("silencedBy", alert.SilencedBy));
        return command;
    }

    private static NpgsqlBatchCommand UpdateCountsCommand(Alert alert)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE alerts SET severity = @severity, first_seen = @firstSeen, last_seen = @lastSeen, count = @count,
                record_ids = @recordIds, score = @score, model_version = @modelVersion,
                version = @version, updated_at = @updatedAt, pending_resolution = @pending
            WHERE id = @id
            """);
        var p = command.Parameters;
        p.Add(Text("id", alert.Id));
        p.Add(Text("severity", StoredEnums.ToText(alert.Severity)));
        p.Add(Bigint("firstSeen", StoredTime.ToTicks(alert.FirstSeen)));
        p.Add(Bigint("lastSeen", StoredTime.ToTicks(alert.LastSeen)));
        p.Add(Bigint("count", alert.Count));
        p.Add(Jsonb("recordIds", AlertRows.ToJson(alert.RecordIds)));
        p.Add(Double("score", alert.Score));
        p.Add(Text("modelVersion", alert.ModelVersion));
        p.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = checked((int)alert.Version) });
        p.Add(Bigint("updatedAt", StoredTime.ToTicks(alert.UpdatedAt)));
        p.Add(Text("pending", alert.PendingResolution is { } pending ? AlertRows.ToJson(pending) : null));
        return command;
    }

    internal static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Jsonb(string name, string value) => new(name, NpgsqlDbType.Jsonb) { Value = PostgresText.JsonWithoutNul(value) };

    internal static NpgsqlParameter Bigint(string name, long value) => new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value };

    internal static NpgsqlParameter Double(string name, double? value) =>
        new(name, NpgsqlDbType.Double) { Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter TextArray(string name, IEnumerable<string> values) =>
        new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };
}
