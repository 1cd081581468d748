using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="IEventProcessorStore"/> (tables <c>event_hub_ownership</c> and <c>event_hub_checkpoints</c>,
/// migration 11) for the all-in-one. Claims and checkpoints go through the database's single writer, so each claim's
/// version check and write are one step; the store's clock is <paramref name="time"/> (one process owns the file).
/// A checkpoint's <see cref="PartitionCheckpoint.UpdatedAt"/> is the store's clock at the write, not the caller's.
/// </summary>
public sealed class SqliteEventProcessorStore(LeptonDatabase db, TimeProvider? time = null) : IEventProcessorStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<IReadOnlyList<PartitionOwnership>> ListOwnershipAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default)
    {
        EventProcessorRows.ValidateKeys(ns, eventHub, consumerGroup);
        ct.ThrowIfCancellationRequested();
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {EventProcessorRows.OwnershipColumns} FROM event_hub_ownership
            WHERE namespace = $ns AND event_hub = $hub AND consumer_group = $group
            ORDER BY {EventProcessorRows.PartitionOrder};
            """;
        AddGroup(command, ns, eventHub, consumerGroup);
        var rows = new List<PartitionOwnership>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(new PartitionOwnership(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), StoredTime.FromTicks(reader.GetInt64(5)), reader.GetString(6)));
        return Task.FromResult<IReadOnlyList<PartitionOwnership>>(rows);
    }

    public async Task<IReadOnlyList<PartitionOwnership>> ClaimOwnershipAsync(IReadOnlyList<PartitionOwnership> claims, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        foreach (var claim in claims)
            EventProcessorRows.Validate(claim);
        if (claims.Count == 0)
            return [];
        return await db.WriteAsync<IReadOnlyList<PartitionOwnership>>((connection, transaction) =>
        {
            var now = StoredTime.ToTicks(_time.GetUtcNow());
            var won = new List<PartitionOwnership>(claims.Count);
            foreach (var claim in claims)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                // RETURNING the stored time: a renewal is never dated before the claim it renews (clock stepped back).
                command.CommandText = claim.Version is null
                    ? $"""
                        INSERT INTO event_hub_ownership ({EventProcessorRows.OwnershipColumns})
                        VALUES ($ns, $hub, $group, $partition, $owner, $now, $version)
                        ON CONFLICT DO NOTHING RETURNING last_modified;
                        """
                    : """
                        UPDATE event_hub_ownership SET owner_id = $owner, last_modified = MAX($now, last_modified + 1), version = $version
                        WHERE namespace = $ns AND event_hub = $hub AND consumer_group = $group AND partition_id = $partition AND version = $expected
                        RETURNING last_modified;
                        """;
                AddGroup(command, claim.Namespace, claim.EventHub, claim.ConsumerGroup);
                var version = EventProcessorRows.NewVersion();
                var p = command.Parameters;
                p.AddWithValue("$partition", claim.PartitionId);
                p.AddWithValue("$owner", claim.OwnerId);
                p.AddWithValue("$now", now);
                p.AddWithValue("$version", version);
                if (claim.Version is not null)
                    p.AddWithValue("$expected", claim.Version);
                if (command.ExecuteScalar() is long lastModified)
                    won.Add(claim with { LastModified = StoredTime.FromTicks(lastModified), Version = version });
            }
            return won;
        }, ct).ConfigureAwait(false);
    }

    public Task<PartitionCheckpoint?> GetCheckpointAsync(string ns, string eventHub, string consumerGroup, string partitionId, CancellationToken ct = default)
    {
        EventProcessorRows.ValidateKeys(ns, eventHub, consumerGroup);
        ArgumentException.ThrowIfNullOrEmpty(partitionId);
        return Task.FromResult(ReadCheckpoints(ns, eventHub, consumerGroup, partitionId, ct).SingleOrDefault());
    }

    public Task<IReadOnlyList<PartitionCheckpoint>> ListCheckpointsAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default)
    {
        EventProcessorRows.ValidateKeys(ns, eventHub, consumerGroup);
        return Task.FromResult<IReadOnlyList<PartitionCheckpoint>>(ReadCheckpoints(ns, eventHub, consumerGroup, null, ct));
    }

    public Task<bool> UpdateCheckpointAsync(PartitionCheckpoint checkpoint, CancellationToken ct = default)
    {
        EventProcessorRows.Validate(checkpoint);
        return db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO event_hub_checkpoints ({EventProcessorRows.CheckpointColumns})
                VALUES ($ns, $hub, $group, $partition, $offset, $sequence, $now)
                ON CONFLICT (namespace, event_hub, consumer_group, partition_id) DO UPDATE
                SET "offset" = excluded."offset", sequence_number = excluded.sequence_number, updated_at = excluded.updated_at
                WHERE excluded.sequence_number > event_hub_checkpoints.sequence_number;
                """;
            AddGroup(command, checkpoint.Namespace, checkpoint.EventHub, checkpoint.ConsumerGroup);
            command.Parameters.AddWithValue("$partition", checkpoint.PartitionId);
            command.Parameters.AddWithValue("$offset", (object?)checkpoint.Offset ?? DBNull.Value);
            command.Parameters.AddWithValue("$sequence", checkpoint.SequenceNumber);
            command.Parameters.AddWithValue("$now", StoredTime.ToTicks(_time.GetUtcNow()));
            return command.ExecuteNonQuery() == 1;
        }, ct);
    }

    private List<PartitionCheckpoint> ReadCheckpoints(string ns, string eventHub, string consumerGroup, string? partitionId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {EventProcessorRows.CheckpointColumns} FROM event_hub_checkpoints
            WHERE namespace = $ns AND event_hub = $hub AND consumer_group = $group {(partitionId is null ? "" : "AND partition_id = $partition")}
            ORDER BY {EventProcessorRows.PartitionOrder};
            """;
        AddGroup(command, ns, eventHub, consumerGroup);
        if (partitionId is not null)
            command.Parameters.AddWithValue("$partition", partitionId);
        var rows = new List<PartitionCheckpoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(new PartitionCheckpoint(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), StoredTime.FromTicks(reader.GetInt64(6))));
        return rows;
    }

    private static void AddGroup(SqliteCommand command, string ns, string eventHub, string consumerGroup)
    {
        command.Parameters.AddWithValue("$ns", ns);
        command.Parameters.AddWithValue("$hub", eventHub);
        command.Parameters.AddWithValue("$group", consumerGroup);
    }
}
