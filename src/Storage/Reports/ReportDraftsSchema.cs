namespace Lepton.Monitor.Storage;

/// <summary>Migration 12: regulator report drafts (issue 21, /v1/reports).</summary>
internal static class ReportDraftsSchema
{
    public static readonly Migration Migration = new(12, "regulator report drafts", """
        -- One report draft (FinCEN SAR/CTR, goAML STR/CTR) per row. The draft itself is a JSON document the compliance
        -- library reads and writes; the columns beside it are what lists filter and sort on. It holds pseudonyms only:
        -- names and identity numbers are filled outside the product (`lepton report fill`).
        -- version: incremented by every change; an edit carries the version it saw (a stale one is a conflict).
        CREATE TABLE report_drafts (
            id            TEXT    PRIMARY KEY,
            tenant        TEXT    NOT NULL,
            type          TEXT    NOT NULL,
            status        TEXT    NOT NULL,
            version       INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            review_due_at INTEGER NULL,
            document      TEXT    NOT NULL
        );
        CREATE INDEX ix_report_drafts_tenant ON report_drafts (tenant, id);
        -- Filed reports whose continuing-activity review comes due.
        CREATE INDEX ix_report_drafts_review_due ON report_drafts (review_due_at) WHERE review_due_at IS NOT NULL;
        """);
}
