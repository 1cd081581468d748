namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// Migration 3: the ingest journal partitioned per api process, with leases (issue 16 §3). Migration 2's journal
/// tables were never written (no PostgreSQL journal existed), so they are replaced rather than altered.
/// </summary>
internal static class JournalPartitionsMigration
{
    public static readonly Migration Migration = new(3, "ingest journal partitioned per api process, with leases", """
        DROP TABLE journal_keys;
        DROP TABLE journal_blocks;
        DROP TABLE journal_state;

        -- One row per partition (an api process's journal): who holds it and until when (UTC ticks of the holder's
        -- clock), the last seq it handed out and its processed watermark, both written in the same transaction as
        -- the records they describe. An expired lease with last_seq > processed_watermark is an orphan to take over.
        CREATE TABLE journal_partitions (
            partition           text   PRIMARY KEY,
            holder              text   NOT NULL,
            lease_until         bigint NOT NULL,
            last_seq            bigint NOT NULL DEFAULT 0,
            processed_watermark bigint NOT NULL DEFAULT 0,
            last_written_at     bigint NOT NULL DEFAULT 0
        );

        -- Idempotency keys: one per journaled record. The key is (tenant, record_id) across ALL partitions, so a retry
        -- sent to another api process is still recognised; seqs are per partition.
        CREATE TABLE journal_keys (
            tenant       text   NOT NULL,
            record_id    text   NOT NULL,
            partition    text   NOT NULL,
            seq          bigint NOT NULL,
            written_at   bigint NOT NULL,
            content_hash bigint NULL,
            PRIMARY KEY (tenant, record_id)
        );
        CREATE INDEX ix_journal_keys_partition_seq ON journal_keys (partition, seq);

        -- A block holds the payloads of a partition's seqs first_seq..last_seq back to back; dropped once its
        -- partition's watermark passes last_seq.
        CREATE TABLE journal_blocks (
            partition text   NOT NULL,
            last_seq  bigint NOT NULL,
            first_seq bigint NOT NULL,
            payloads  bytea  NOT NULL,
            PRIMARY KEY (partition, last_seq)
        );
        """);
}
