namespace Lepton.Monitor.Storage;

/// <summary>
/// Migration 13: risk posture (issue 21 item 4) and the peer benchmarks' privacy budget (item 5); the same tables as
/// PostgreSQL migration 6 (<see cref="Postgres.PostureMigration"/>).
/// </summary>
internal static class PostureSchema
{
    public static readonly Migration Migration = new(13, "risk posture documents and snapshots, peer benchmark releases and privacy budget", """
        -- A tenant's posture inputs as JSON documents: kind 'datapoints' (key = jurisdiction), 'weights' (key ''),
        -- 'override' (key = override id). Changing one is audited in the same transaction.
        CREATE TABLE posture_documents (
            tenant     TEXT    NOT NULL,
            kind       TEXT    NOT NULL,
            key        TEXT    NOT NULL,
            document   TEXT    NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant, kind, key)
        ) WITHOUT ROWID;
        -- One row per computed posture (history over time); document is the whole assessment as JSON.
        CREATE TABLE posture_snapshots (
            seq            INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant         TEXT    NOT NULL,
            jurisdiction   TEXT    NOT NULL,
            at             INTEGER NOT NULL,
            final_class    TEXT    NOT NULL,
            document       TEXT    NOT NULL
        );
        CREATE INDEX ix_posture_snapshots_tenant ON posture_snapshots (tenant, jurisdiction, seq);
        -- Differentially private releases: each row spent epsilon_micros (ε · 10⁶) of its UTC day's budget, and holds the
        -- noised release (never a tenant's own figures), reused for the rest of the day at no further cost.
        CREATE TABLE peer_benchmark_releases (
            day            TEXT    NOT NULL,
            release_key    TEXT    NOT NULL,
            epsilon_micros INTEGER NOT NULL,
            released_at    INTEGER NOT NULL,
            document       TEXT    NOT NULL,
            PRIMARY KEY (day, release_key)
        ) WITHOUT ROWID;
        """);
}
