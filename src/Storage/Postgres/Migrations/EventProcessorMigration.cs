namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// Migration 4: partition ownership and checkpoints of the native Event Hubs consumer (<see cref="PostgresEventProcessorStore"/>),
/// the same tables as SQLite migration 11. Instants are UTC ticks of the database's clock.
/// </summary>
internal static class EventProcessorMigration
{
    public static readonly Migration Migration = new(4, "event hubs partition ownership and checkpoints", """
        -- Who processes a partition: version is the ETag a claim must carry (a new one per claim); last_modified the
        -- database's clock at the claim, from which the load balancers decide that an ownership expired.
        CREATE TABLE event_hub_ownership (
            namespace      text   NOT NULL,
            event_hub      text   NOT NULL,
            consumer_group text   NOT NULL,
            partition_id   text   NOT NULL,
            owner_id       text   NOT NULL,
            last_modified  bigint NOT NULL,
            version        text   NOT NULL,
            PRIMARY KEY (namespace, event_hub, consumer_group, partition_id)
        );
        -- Where a partition resumes; sequence_number only moves forward.
        CREATE TABLE event_hub_checkpoints (
            namespace       text   NOT NULL,
            event_hub       text   NOT NULL,
            consumer_group  text   NOT NULL,
            partition_id    text   NOT NULL,
            "offset"        text   NULL,
            sequence_number bigint NOT NULL,
            updated_at      bigint NOT NULL,
            PRIMARY KEY (namespace, event_hub, consumer_group, partition_id)
        );
        """);
}
