using Lepton.Monitor.Storage.Postgres;
using Npgsql;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IEventProcessorStore"/> for a cluster (tables <c>event_hub_ownership</c> and
/// <c>event_hub_checkpoints</c>, PostgreSQL migration 4), shared by every process consuming the hub. Each claim is one
/// statement that checks the version and writes (UPDATE … WHERE version = expected, or INSERT … ON CONFLICT DO NOTHING
/// for a first claim): of two processes claiming a partition at once, the second waits on the row and then finds the
/// version changed. Times are the database's clock (<c>now()</c>), so processes with skewed clocks agree on expiry.
/// A checkpoint is an upsert that only moves forward; its <see cref="PartitionCheckpoint.UpdatedAt"/> is the database's clock.
/// Text is stored without NUL (U+FFFD instead, <see cref="PostgresText"/>).
/// </summary>
public sealed class PostgresEventProcessorStore(NpgsqlDataSource dataSource) : IEventProcessorStore
{
    // now() as UTC ticks (StoredTime), like every instant of the product schema.
    private const string NowTicks = "((extract(epoch FROM now()) * 10000000)::bigint + 621355968000000000)";

    private const string GroupFilter = "namespace = @ns AND event_hub = @hub AND consumer_group = @group";

    public async Task<IReadOnlyList<PartitionOwnership>> ListOwnershipAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default)
    {
        EventProcessorRows.ValidateKeys(ns, eventHub, consumerGroup);
        await using var command = dataSource.CreateCommand($"""
            SELECT {EventProcessorRows.OwnershipColumns} FROM event_hub_ownership
            WHERE {GroupFilter} ORDER BY {EventProcessorRows.PartitionOrder}
            """);
        AddGroup(command.Parameters, ns, eventHub, consumerGroup);
        var rows = new List<PartitionOwnership>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(new PartitionOwnership(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), StoredTime.FromTicks(reader.GetInt64(5)), reader.GetString(6)));
        return rows;
    }

    public async Task<IReadOnlyList<PartitionOwnership>> ClaimOwnershipAsync(IReadOnlyList<PartitionOwnership> claims, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        foreach (var claim in claims)
            EventProcessorRows.Validate(claim);
        if (claims.Count == 0)
            return [];
        // One round trip; rows locked in partition order, so two processors' batches cannot deadlock each other.
        var ordered = claims.OrderBy(c => c.PartitionId.Length).ThenBy(c => c.PartitionId, StringComparer.Ordinal).ToArray();
        var versions = new string[ordered.Length];
        await using var batch = dataSource.CreateBatch();
        for (var i = 0; i < ordered.Length; i++)
        {
            var claim = ordered[i];
            var command = new NpgsqlBatchCommand(claim.Version is null
                ? $"""
                    INSERT INTO event_hub_ownership ({EventProcessorRows.OwnershipColumns})
                    VALUES (@ns, @hub, @group, @partition, @owner, {NowTicks}, @version)
                    ON CONFLICT DO NOTHING RETURNING last_modified
                    """
                // GREATEST: a renewal is never dated before the claim it renews, even if the database's clock stepped back.
                : $"""
                    UPDATE event_hub_ownership SET owner_id = @owner, last_modified = GREATEST({NowTicks}, last_modified + 1), version = @version
                    WHERE {GroupFilter} AND partition_id = @partition AND version = @expected
                    RETURNING last_modified
                    """);
            versions[i] = EventProcessorRows.NewVersion();
            var p = command.Parameters;
            AddGroup(p, claim.Namespace, claim.EventHub, claim.ConsumerGroup);
            p.AddWithValue("partition", PostgresText.WithoutNul(claim.PartitionId));
            p.AddWithValue("owner", PostgresText.WithoutNul(claim.OwnerId));
            p.AddWithValue("version", versions[i]);
            if (claim.Version is not null)
                p.AddWithValue("expected", PostgresText.WithoutNul(claim.Version));
            batch.BatchCommands.Add(command);
        }

        var won = new List<PartitionOwnership>(ordered.Length);
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        for (var i = 0; i < ordered.Length; i++)
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
                won.Add(ordered[i] with { LastModified = StoredTime.FromTicks(reader.GetInt64(0)), Version = versions[i] });
            await reader.NextResultAsync(ct).ConfigureAwait(false);
        }
        return won;
    }

    public async Task<PartitionCheckpoint?> GetCheckpointAsync(string ns, string eventHub, string consumerGroup, string partitionId, CancellationToken ct = default)
    {
        EventProcessorRows.ValidateKeys(ns, eventHub, consumerGroup);
        ArgumentException.ThrowIfNullOrEmpty(partitionId);
        return (await ReadCheckpointsAsync(ns, eventHub, consumerGroup, partitionId, ct).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<PartitionCheckpoint>> ListCheckpointsAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default)
    {
        EventProcessorRows.ValidateKeys(ns, eventHub, consumerGroup);
        return await ReadCheckpointsAsync(ns, eventHub, consumerGroup, null, ct).ConfigureAwait(false);
    }

    public async Task<bool> UpdateCheckpointAsync(PartitionCheckpoint checkpoint, CancellationToken ct = default)
    {
        EventProcessorRows.Validate(checkpoint);
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO event_hub_checkpoints AS existing ({EventProcessorRows.CheckpointColumns})
            VALUES (@ns, @hub, @group, @partition, @offset, @sequence, {NowTicks})
            ON CONFLICT (namespace, event_hub, consumer_group, partition_id) DO UPDATE
            SET "offset" = excluded."offset", sequence_number = excluded.sequence_number, updated_at = excluded.updated_at
            WHERE excluded.sequence_number > existing.sequence_number
            """);
        var p = command.Parameters;
        AddGroup(p, checkpoint.Namespace, checkpoint.EventHub, checkpoint.ConsumerGroup);
        p.AddWithValue("partition", PostgresText.WithoutNul(checkpoint.PartitionId));
        p.AddWithValue("offset", NpgsqlTypes.NpgsqlDbType.Text, (object?)PostgresText.WithoutNul(checkpoint.Offset) ?? DBNull.Value);
        p.AddWithValue("sequence", checkpoint.SequenceNumber);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    private async Task<List<PartitionCheckpoint>> ReadCheckpointsAsync(string ns, string eventHub, string consumerGroup, string? partitionId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {EventProcessorRows.CheckpointColumns} FROM event_hub_checkpoints
            WHERE {GroupFilter} {(partitionId is null ? "" : "AND partition_id = @partition")}
            ORDER BY {EventProcessorRows.PartitionOrder}
            """);
        AddGroup(command.Parameters, ns, eventHub, consumerGroup);
        if (partitionId is not null)
            command.Parameters.AddWithValue("partition", PostgresText.WithoutNul(partitionId));
        var rows = new List<PartitionCheckpoint>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(new PartitionCheckpoint(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), StoredTime.FromTicks(reader.GetInt64(6))));
        return rows;
    }

    private static void AddGroup(NpgsqlParameterCollection parameters, string ns, string eventHub, string consumerGroup)
    {
        parameters.AddWithValue("ns", PostgresText.WithoutNul(ns));
        parameters.AddWithValue("hub", PostgresText.WithoutNul(eventHub));
        parameters.AddWithValue("group", PostgresText.WithoutNul(consumerGroup));
    }
}
