namespace Lepton.Monitor.Storage;

/// <summary>
/// Migration 10: the records behind each alert (pseudonymized, as the pipeline held them), and the indexes the alert
/// detail and entity views query by (same entity, same rule).
/// </summary>
internal static class AlertEvidenceSchema
{
    public static readonly Migration Migration = new(10, "alert evidence records; alerts by entity and by rule", """
        -- The journal drops a record's payload once processed; the records that raised or joined an alert are kept
        -- here, at most AlertEvidence.MaxPerAlert per alert, written in the alert upsert's own transaction.
        -- payload: the MonitoredRecord as JSON (ids, accounts and names already pseudonymized, memo masked).
        CREATE TABLE alert_evidence (
            alert_id   TEXT    NOT NULL,
            record_id  TEXT    NOT NULL,
            tenant     TEXT    NOT NULL,
            entity     TEXT    NOT NULL,
            event_time INTEGER NOT NULL,
            payload    TEXT    NOT NULL,
            PRIMARY KEY (alert_id, record_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_alert_evidence_entity ON alert_evidence (tenant, entity, event_time);
        CREATE INDEX ix_alerts_tenant_entity ON alerts (tenant, entity, id);
        CREATE INDEX ix_alerts_tenant_rule ON alerts (tenant, rule_id, id);
        """);
}
