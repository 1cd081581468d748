namespace Lepton.Monitor.Storage.Postgres;

/// <summary>Migration 6: risk posture and peer benchmark releases, the same tables as SQLite migration 13 (<see cref="PostureSchema"/>).</summary>
internal static class PostureMigration
{
    public static readonly Migration Migration = new(6, "risk posture documents and snapshots, peer benchmark releases and privacy budget", """
        CREATE TABLE posture_documents (
            tenant     text   NOT NULL,
            kind       text   NOT NULL,
            key        text   NOT NULL,
            document   text   NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (tenant, kind, key)
        );
        CREATE TABLE posture_snapshots (
            seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant       text   NOT NULL,
            jurisdiction text   NOT NULL,
            at           bigint NOT NULL,
            final_class  text   NOT NULL,
            document     text   NOT NULL
        );
        CREATE INDEX ix_posture_snapshots_tenant ON posture_snapshots (tenant, jurisdiction, seq);
        -- epsilon_micros: ε · 10⁶ spent from the UTC day's budget; a day's spends are serialised by an advisory lock.
        CREATE TABLE peer_benchmark_releases (
            day            text   NOT NULL,
            release_key    text   NOT NULL,
            epsilon_micros bigint NOT NULL,
            released_at    bigint NOT NULL,
            document       text   NOT NULL,
            PRIMARY KEY (day, release_key)
        );
        """);
}
