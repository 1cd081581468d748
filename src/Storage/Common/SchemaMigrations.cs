using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The SQLite schema as an ordered list of migrations, applied idempotently at open inside one transaction
/// and recorded in <c>schema_migrations</c>. Add a new <see cref="Migration"/> for any change; never edit old ones.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "journal, dead letters, alerts, api keys, tenants", """
            -- Idempotency keys: one row per journaled record, kept for the retention window.
            -- seq is assigned by the single journal writer, so it is dense and ordered by write time.
            CREATE TABLE journal_keys (
                seq        INTEGER PRIMARY KEY,
                tenant     TEXT    NOT NULL,
                record_id  TEXT    NOT NULL,
                written_at INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX ux_journal_keys_record ON journal_keys (tenant, record_id);
            -- Payloads live apart from keys so processed ones can be dropped in cheap rowid ranges.
            CREATE TABLE journal_payloads (
                seq     INTEGER PRIMARY KEY,
                payload BLOB    NOT NULL
            );
            CREATE TABLE journal_state (
                name  TEXT    PRIMARY KEY,
                value INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO journal_state (name, value) VALUES ('processed_watermark', 0);

            CREATE TABLE dead_letters (
                id               INTEGER PRIMARY KEY,
                tenant           TEXT    NULL,
                source           TEXT    NOT NULL,
                record_index     INTEGER NULL,
                record_id        TEXT    NULL,
                reason           TEXT    NOT NULL,
                redacted_payload TEXT    NULL,
                at               INTEGER NOT NULL
            );
            CREATE INDEX ix_dead_letters_tenant ON dead_letters (tenant, id);

            CREATE TABLE alerts (
                rid           INTEGER PRIMARY KEY,
                id            TEXT    NOT NULL UNIQUE,
                tenant        TEXT    NOT NULL,
                jurisdiction  TEXT    NOT NULL,
                kind          TEXT    NOT NULL,
                rule_id       TEXT    NOT NULL,
                rule_kind     TEXT    NOT NULL,
                severity      TEXT    NOT NULL,
                status        TEXT    NOT NULL,
                disposition   TEXT    NULL,
                fingerprint   TEXT    NOT NULL,
                first_seen    INTEGER NOT NULL,
                last_seen     INTEGER NOT NULL,
                count         INTEGER NOT NULL,
                entity        TEXT    NOT NULL,
                record_ids    TEXT    NOT NULL,
                score         REAL    NULL,
                model_version TEXT    NULL,
                explanation   TEXT    NOT NULL,
                assignee      TEXT    NULL,
                comments      TEXT    NOT NULL
            );
            CREATE INDEX ix_alerts_tenant ON alerts (tenant, id);
            CREATE INDEX ix_alerts_tenant_status ON alerts (tenant, status, id);
            CREATE INDEX ix_alerts_status ON alerts (status, id);
            -- At most one open (open or acknowledged) alert per fingerprint: dedup is enforced, not hoped for.
            CREATE UNIQUE INDEX ux_alerts_open_fingerprint ON alerts (tenant, fingerprint)
                WHERE status IN ('open', 'acknowledged');
            -- Every record id an alert absorbed (uncapped, unlike alerts.record_ids): replay idempotency and recordId queries.
            CREATE TABLE alert_records (
                alert_id  TEXT NOT NULL,
                record_id TEXT NOT NULL,
                PRIMARY KEY (alert_id, record_id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_alert_records_record ON alert_records (record_id, alert_id);

            CREATE TABLE api_keys (
                id          TEXT    PRIMARY KEY,
                secret_hash BLOB    NOT NULL UNIQUE,
                role        TEXT    NOT NULL,
                tenant      TEXT    NULL,
                name        TEXT    NULL,
                created_at  INTEGER NOT NULL
            );

            CREATE TABLE tenants (
                id            TEXT    PRIMARY KEY,
                name          TEXT    NOT NULL,
                jurisdictions TEXT    NOT NULL,
                overrides     TEXT    NULL,
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL
            );
            CREATE TABLE tenant_pseudonym_keys (
                tenant     TEXT    PRIMARY KEY,
                key        BLOB    NOT NULL,
                created_at INTEGER NOT NULL
            );
            """),
        new(2, "journal payloads as one block row per append request", """
            -- A block holds the payloads of seqs first_seq..last_seq back to back (each encoding delimits itself),
            -- so appending and retiring payloads costs one row per request instead of one per record.
            -- Keyed by last_seq: a block is dropped once the processed watermark reaches its last record.
            CREATE TABLE journal_blocks (
                last_seq  INTEGER PRIMARY KEY,
                first_seq INTEGER NOT NULL,
                payloads  BLOB    NOT NULL
            );
            -- A single record's payload is a valid one-record block: unprocessed records carry over unchanged.
            INSERT INTO journal_blocks (last_seq, first_seq, payloads) SELECT seq, seq, payload FROM journal_payloads;
            DROP TABLE journal_payloads;
            """),
        new(3, "grain state and the hash-chained audit log", """
            -- Orleans grain state of the embedded default (IGrainStorage): one row per (state name, grain id).
            -- etag is a counter; a write that names a stale etag is refused (optimistic concurrency).
            CREATE TABLE grain_state (
                state_name TEXT    NOT NULL,
                grain_id   TEXT    NOT NULL,
                etag       INTEGER NOT NULL,
                payload    BLOB    NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (state_name, grain_id)
            ) WITHOUT ROWID;

            -- Append-only audit log: each entry's hash covers its content and the previous entry's hash,
            -- so an edited, reordered or deleted entry breaks the chain at that point (GET /v1/audit/verify).
            CREATE TABLE audit_log (
                seq       INTEGER PRIMARY KEY,
                at        INTEGER NOT NULL,
                actor     TEXT    NOT NULL,
                tenant    TEXT    NULL,
                action    TEXT    NOT NULL,
                target    TEXT    NOT NULL,
                details   TEXT    NOT NULL,
                prev_hash BLOB    NOT NULL,
                hash      BLOB    NOT NULL
            );
            CREATE INDEX ix_audit_log_tenant ON audit_log (tenant, seq);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """),
        new(4, "journal content hashes (a reused record id with different content is a conflict, not a duplicate)", """
            -- NULL for keys journaled before this version: their retries are taken as identical (nothing to compare).
            ALTER TABLE journal_keys ADD COLUMN content_hash INTEGER NULL;
            """),
        new(5, "parked records", """
            -- Records a monitor could not check, kept with their payload (RecordCodec) until a replay processes them.
            -- One row per (monitor, record): parking again updates it. Retryable ones are retried from next_attempt_at.
            CREATE TABLE parked_records (
                id              INTEGER PRIMARY KEY,
                tenant          TEXT    NOT NULL,
                monitor_key     TEXT    NOT NULL,
                jurisdiction    TEXT    NOT NULL,
                record_id       TEXT    NOT NULL,
                payload         BLOB    NOT NULL,
                reason          TEXT    NOT NULL,
                retryable       INTEGER NOT NULL,
                attempts        INTEGER NOT NULL,
                parked_at       INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                last_error      TEXT    NULL
            );
            CREATE UNIQUE INDEX ux_parked_records_record ON parked_records (monitor_key, record_id);
            CREATE INDEX ix_parked_records_tenant ON parked_records (tenant, id);
            CREATE INDEX ix_parked_records_due ON parked_records (retryable, next_attempt_at);
            """),
        new(6, "alert lifecycle (version, snooze, four-eyes, silences) and the alert change feed", """
            ALTER TABLE alerts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE alerts ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE alerts ADD COLUMN snoozed_until INTEGER NULL;
            ALTER TABLE alerts ADD COLUMN pending_resolution TEXT NULL;
            ALTER TABLE alerts ADD COLUMN silenced_by TEXT NULL;
            ALTER TABLE alerts ADD COLUMN escalated_by TEXT NULL;
            UPDATE alerts SET updated_at = last_seen;
            -- Active alerts (everything but resolved) absorb new records, so dedup covers all of them.
            DROP INDEX ux_alerts_open_fingerprint;
            CREATE UNIQUE INDEX ux_alerts_active_fingerprint ON alerts (tenant, fingerprint)
                WHERE status IN ('open', 'acknowledged', 'suppressed', 'snoozed');
            CREATE INDEX ix_alerts_snoozed ON alerts (snoozed_until) WHERE status = 'snoozed';
            -- Every alert change, in commit order, written in the change's own transaction: the source of SSE
            -- (seq is the event id) and of webhook deliveries. alert is the alert as GET /v1/alerts/{id} serves it.
            CREATE TABLE alert_events (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant       TEXT    NOT NULL,
                alert_id     TEXT    NOT NULL,
                type         TEXT    NOT NULL,
                at           INTEGER NOT NULL,
                jurisdiction TEXT    NOT NULL,
                kind         TEXT    NOT NULL,
                severity     TEXT    NOT NULL,
                status       TEXT    NOT NULL,
                notify       INTEGER NOT NULL,
                alert        TEXT    NOT NULL
            );
            CREATE INDEX ix_alert_events_tenant ON alert_events (tenant, seq);
            CREATE INDEX ix_alert_events_at ON alert_events (at);
            -- An alert's history is its audit entries.
            CREATE INDEX ix_audit_log_target ON audit_log (target, seq);
            """),
        SilencesSchema.Migration,
        WebhooksSchema.Migration,
        TenantSettingsSchema.Migration,
        AlertEvidenceSchema.Migration,
        SqliteEventProcessorSchema.Migration,
        ReportDraftsSchema.Migration,
        PostureSchema.Migration,
    ];

    public static int Latest => All[^1].Version;

    /// <summary>Applies every migration newer than the file's version; returns the resulting version.</summary>
    public static int Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        LeptonDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     INTEGER PRIMARY KEY,
                description TEXT    NOT NULL,
                applied_at  TEXT    NOT NULL
            );
            """, transaction);
        var current = Convert.ToInt32(
            LeptonDatabase.ExecuteScalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", transaction),
            CultureInfo.InvariantCulture);
        if (current > Latest)
            throw new InvalidOperationException(
                $"{connection.DataSource} has schema version {current}, newer than this build's {Latest}: refusing to downgrade.");

        foreach (var migration in All.Where(m => m.Version > current))
        {
            LeptonDatabase.Execute(connection, migration.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($v, $d, $at);";
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$d", migration.Description);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
        return Math.Max(current, Latest);
    }
}
