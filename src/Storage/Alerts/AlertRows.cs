using System.Data.Common;
using System.Text.Json;
using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Maps <see cref="Alert"/> to and from rows of the <c>alerts</c> table; documents are JSON (camelCase). Reading is
/// shared by both backends (the columns are the same; PostgreSQL's jsonb reads back as text).
/// </summary>
internal static class AlertRows
{
    public const string Columns = """
        a.id, a.tenant, a.jurisdiction, a.kind, a.rule_id, a.rule_kind, a.severity, a.status, a.disposition,
        a.fingerprint, a.first_seen, a.last_seen, a.count, a.entity, a.record_ids, a.score, a.model_version,
        a.explanation, a.assignee, a.comments, a.version, a.updated_at, a.snoozed_until, a.pending_resolution,
        a.silenced_by, a.escalated_by
        """;

    public static Alert Read(DbDataReader r) => new(
        Id: r.GetString(0),
        Tenant: r.GetString(1),
        Jurisdiction: r.GetString(2),
        Kind: StoredEnums.ToAlertKind(r.GetString(3)),
        RuleId: r.GetString(4),
        RuleKind: r.GetString(5),
        Severity: StoredEnums.ToSeverity(r.GetString(6)),
        Status: StoredEnums.ToAlertStatus(r.GetString(7)),
        Disposition: r.IsDBNull(8) ? null : StoredEnums.ToDisposition(r.GetString(8)),
        Fingerprint: r.GetString(9),
        FirstSeen: StoredTime.FromTicks(r.GetInt64(10)),
        LastSeen: StoredTime.FromTicks(r.GetInt64(11)),
        Count: checked((int)r.GetInt64(12)), // bigint in PostgreSQL
        Entity: r.GetString(13),
        RecordIds: FromJson<string[]>(r.GetString(14)),
        Score: r.IsDBNull(15) ? null : r.GetDouble(15),
        ModelVersion: r.IsDBNull(16) ? null : r.GetString(16),
        Explanation: FromJson<AlertExplanation>(r.GetString(17)),
        Assignee: r.IsDBNull(18) ? null : r.GetString(18),
        Comments: FromJson<AlertComment[]>(r.GetString(19)))
    {
        Version = r.GetInt64(20),
        UpdatedAt = StoredTime.FromTicks(r.GetInt64(21)),
        SnoozedUntil = r.IsDBNull(22) ? null : StoredTime.FromTicks(r.GetInt64(22)),
        PendingResolution = r.IsDBNull(23) ? null : FromJson<PendingResolution>(r.GetString(23)),
        SilencedBy = r.IsDBNull(24) ? null : r.GetString(24),
        EscalatedBy = r.IsDBNull(25) ? null : r.GetString(25),
    };

    public static List<Alert> ReadAll(SqliteCommand command)
    {
        var alerts = new List<Alert>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            alerts.Add(Read(reader));
        return alerts;
    }

    /// <summary>Stores what a lifecycle change may change (<see cref="AlertLifecycleFields"/>) with the new version.</summary>
    public static void UpdateLifecycle(SqliteConnection connection, SqliteTransaction transaction, Alert alert)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE alerts SET status = $status, disposition = $disposition, assignee = $assignee, comments = $comments,
                severity = $severity, version = $version, updated_at = $updatedAt, snoozed_until = $snoozedUntil,
                pending_resolution = $pending, silenced_by = $silencedBy, escalated_by = $escalatedBy
            WHERE id = $id;
            """;
        var p = command.Parameters;
        p.AddWithValue("$id", alert.Id);
        p.AddWithValue("$status", StoredEnums.ToText(alert.Status));
        p.AddWithValue("$disposition", alert.Disposition is { } d ? StoredEnums.ToText(d) : DBNull.Value);
        p.AddWithValue("$assignee", (object?)alert.Assignee ?? DBNull.Value);
        p.AddWithValue("$comments", ToJson(alert.Comments));
        p.AddWithValue("$severity", StoredEnums.ToText(alert.Severity));
        p.AddWithValue("$version", alert.Version);
        p.AddWithValue("$updatedAt", StoredTime.ToTicks(alert.UpdatedAt));
        p.AddWithValue("$snoozedUntil", alert.SnoozedUntil is { } until ? StoredTime.ToTicks(until) : DBNull.Value);
        p.AddWithValue("$pending", alert.PendingResolution is { } pending ? ToJson(pending) : DBNull.Value);
        p.AddWithValue("$silencedBy", (object?)alert.SilencedBy ?? DBNull.Value);
        p.AddWithValue("$escalatedBy", (object?)alert.EscalatedBy ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, StorageJson.Options);

    private static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, StorageJson.Options) ?? throw new InvalidDataException($"alerts: null {typeof(T).Name} document");
}
