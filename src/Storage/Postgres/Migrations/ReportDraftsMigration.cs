namespace Lepton.Monitor.Storage.Postgres;

/// <summary>Migration 5: regulator report drafts (<see cref="PostgresReportDraftStore"/>), the same table as SQLite migration 12.</summary>
internal static class ReportDraftsMigration
{
    public static readonly Migration Migration = new(5, "regulator report drafts", """
        -- The draft is a JSON document of pseudonyms (never names or identity numbers); the columns are what lists use.
        CREATE TABLE report_drafts (
            id            text   PRIMARY KEY,
            tenant        text   NOT NULL,
            type          text   NOT NULL,
            status        text   NOT NULL,
            version       bigint NOT NULL,
            updated_at    bigint NOT NULL,
            review_due_at bigint NULL,
            document      jsonb  NOT NULL
        );
        CREATE INDEX ix_report_drafts_tenant ON report_drafts (tenant, id COLLATE "C");
        CREATE INDEX ix_report_drafts_review_due ON report_drafts (review_due_at) WHERE review_due_at IS NOT NULL;
        """);
}
