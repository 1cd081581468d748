namespace Lepton.Monitor.Storage;

/// <summary>Migration 7: the silences table (PRODUCT.md §6 /v1/silences).</summary>
internal static class SilencesSchema
{
    public static readonly Migration Migration = new(7, "silences", """
        -- A silence (Alertmanager's shape): matchers are a JSON array of { name, value, isRegex, isEqual }. Its state
        -- (pending, active, expired) is computed from starts_at/ends_at and the clock, never stored, so expiry is exact.
        -- applied_at: when the open alerts it matched at its start were suppressed; released_at: when the alerts it
        -- suppressed were given back after its end. Both let the expiry pass resume after a crash without repeating work.
        -- expired_by: who ended it early (DELETE), or 'system' when its end simply passed.
        CREATE TABLE silences (
            id          TEXT    PRIMARY KEY,
            tenant      TEXT    NOT NULL,
            matchers    TEXT    NOT NULL,
            starts_at   INTEGER NOT NULL,
            ends_at     INTEGER NOT NULL,
            created_by  TEXT    NOT NULL,
            comment     TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            applied_at  INTEGER NULL,
            released_at INTEGER NULL,
            expired_by  TEXT    NULL
        );
        CREATE INDEX ix_silences_tenant ON silences (tenant, id);
        CREATE INDEX ix_silences_ends ON silences (ends_at) WHERE released_at IS NULL;
        -- The alerts a silence suppressed, found when it ends.
        CREATE INDEX ix_alerts_silenced_by ON alerts (silenced_by) WHERE silenced_by IS NOT NULL;
        """);
}
