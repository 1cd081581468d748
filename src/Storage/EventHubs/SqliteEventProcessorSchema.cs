namespace Lepton.Monitor.Storage;

/// <summary>
/// Migration 11: partition ownership and checkpoints of the native Event Hubs consumer (<see cref="SqliteEventProcessorStore"/>).
/// Instants are UTC ticks (StoredTime). Keys are (namespace, event hub, consumer group, partition).
/// </summary>
internal static class SqliteEventProcessorSchema
{
    public static readonly Migration Migration = new(11, "event hubs partition ownership and checkpoints", """
        -- Who processes a partition: version is the ETag a claim must carry (a new one per claim); last_modified the
        -- store's clock at the claim, from which the load balancer decides that an ownership expired.
        CREATE TABLE event_hub_ownership (
            namespace      TEXT    NOT NULL,
            event_hub      TEXT    NOT NULL,
            consumer_group TEXT    NOT NULL,
            partition_id   TEXT    NOT NULL,
            owner_id       TEXT    NOT NULL,
            last_modified  INTEGER NOT NULL,
            version        TEXT    NOT NULL,
            PRIMARY KEY (namespace, event_hub, consumer_group, partition_id)
        ) WITHOUT ROWID;
        -- Where a partition resumes; sequence_number only moves forward.
        CREATE TABLE event_hub_checkpoints (
            namespace       TEXT    NOT NULL,
            event_hub       TEXT    NOT NULL,
            consumer_group  TEXT    NOT NULL,
            partition_id    TEXT    NOT NULL,
            "offset"        TEXT    NULL,
            sequence_number INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (namespace, event_hub, consumer_group, partition_id)
        ) WITHOUT ROWID;
        """);
}
