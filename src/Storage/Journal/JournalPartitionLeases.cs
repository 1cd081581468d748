using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Leases on the PostgreSQL journal's partitions (<c>journal_partitions</c>): the owner of a partition acquires and renews
/// one; when an owner dies its lease runs out, and any api process may claim the partition (if entries are left
/// unprocessed), replay them and release it. Every change is one conditional UPDATE, so two claimers cannot both win.
/// Times are UTC ticks of <paramref name="time"/>: the processes' clocks must agree to well within the lease.
/// </summary>
public sealed class JournalPartitionLeases(NpgsqlDataSource dataSource, TimeProvider time, JournalPartitionOptions options)
{
    private const string Columns = "partition, holder, lease_until, last_seq, processed_watermark, last_written_at";

    public JournalPartitionOptions Options { get; } = options;

    /// <summary>A holder id unique to one journal or taker instance, readable in messages (host/pid/random).</summary>
    public static string NewHolderId() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>
    /// Takes the partition's lease when it is free, expired or already <paramref name="holder"/>'s (a taker opening
    /// the journal it claimed); null while someone else holds a live lease. Creates the partition on first use.
    /// </summary>
    public async Task<JournalPartitionState?> TryAcquireAsync(string partition, string holder, CancellationToken ct = default)
    {
        var now = Now();
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO journal_partitions (partition, holder, lease_until) VALUES (@partition, @holder, @until)
            ON CONFLICT (partition) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
                WHERE journal_partitions.lease_until < @now OR journal_partitions.holder = excluded.holder
            RETURNING {Columns}
            """);
        Add(command, "partition", partition);
        Add(command, "holder", holder);
        Add(command, "until", now + Options.Lease.Ticks);
        Add(command, "now", now);
        return await ReadOneAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="TryAcquireAsync"/> until it succeeds or <see cref="JournalPartitionOptions.AcquireTimeout"/> passed
    /// (then <see cref="JournalPartitionLeasedException"/> naming the holder): a restarted owner waits out its previous
    /// life's lease, or a taker that is replaying its entries.
    /// </summary>
    public async Task<JournalPartitionState> AcquireAsync(string partition, string holder, CancellationToken ct = default)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            if (await TryAcquireAsync(partition, holder, ct).ConfigureAwait(false) is { } acquired)
                return acquired;
            var waited = time.GetElapsedTime(started);
            if (waited >= Options.AcquireTimeout)
            {
                var current = await GetAsync(partition, ct).ConfigureAwait(false);
                throw new JournalPartitionLeasedException(partition, current?.Holder ?? "?",
                    new DateTimeOffset(current?.LeaseUntil ?? 0, TimeSpan.Zero), waited);
            }
            await Task.Delay(Options.AcquireRetry, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Extends <paramref name="holder"/>'s lease; false when the partition is no longer leased to it.</summary>
    public async Task<bool> RenewAsync(string partition, string holder, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE journal_partitions SET lease_until = GREATEST(lease_until, @until) WHERE partition = @partition AND holder = @holder");
        Add(command, "partition", partition);
        Add(command, "holder", holder);
        Add(command, "until", Now() + Options.Lease.Ticks);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Ends <paramref name="holder"/>'s lease at once, so the owner (or a taker) can take the partition; false when it was not held.</summary>
    public async Task<bool> ReleaseAsync(string partition, string holder, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE journal_partitions SET holder = '', lease_until = 0 WHERE partition = @partition AND holder = @holder");
        Add(command, "partition", partition);
        Add(command, "holder", holder);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Partitions whose lease expired while they still hold unprocessed entries, longest expired first.</summary>
    public async Task<IReadOnlyList<JournalPartitionState>> ListOrphanedAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM journal_partitions
            WHERE lease_until < @now AND last_seq > processed_watermark
            ORDER BY lease_until, partition
            """);
        Add(command, "now", Now());
        return await ReadAllAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Every partition, for the backlog metric and operators.</summary>
    public async Task<IReadOnlyList<JournalPartitionState>> ListAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM journal_partitions ORDER BY partition");
        return await ReadAllAsync(command, ct).ConfigureAwait(false);
    }

    public async Task<JournalPartitionState?> GetAsync(string partition, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM journal_partitions WHERE partition = @partition");
        Add(command, "partition", partition);
        return await ReadOneAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims <paramref name="partition"/> for <paramref name="holder"/> if it is an orphan (expired lease, unprocessed
    /// entries); null when it is not (live lease, nothing left, or another claimer was first).
    /// </summary>
    public async Task<JournalPartitionState?> TryClaimAsync(string partition, string holder, CancellationToken ct = default)
    {
        var now = Now();
        await using var command = dataSource.CreateCommand($"""
            UPDATE journal_partitions SET holder = @holder, lease_until = @until
            WHERE partition = @partition AND lease_until < @now AND last_seq > processed_watermark
            RETURNING {Columns}
            """);
        Add(command, "partition", partition);
        Add(command, "holder", holder);
        Add(command, "until", now + Options.Lease.Ticks);
        Add(command, "now", now);
        return await ReadOneAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims one orphaned partition (longest expired first) for <paramref name="holder"/>, or null when there is none.
    /// SKIP LOCKED: concurrent claimers in other processes each get a different orphan instead of queueing on one.
    /// </summary>
    public async Task<JournalPartitionState?> TryClaimAnyAsync(string holder, CancellationToken ct = default)
    {
        var now = Now();
        await using var command = dataSource.CreateCommand($"""
            UPDATE journal_partitions SET holder = @holder, lease_until = @until
            WHERE partition = (
                SELECT partition FROM journal_partitions
                WHERE lease_until < @now AND last_seq > processed_watermark
                ORDER BY lease_until, partition
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
              AND lease_until < @now AND last_seq > processed_watermark
            RETURNING {Columns}
            """);
        Add(command, "holder", holder);
        Add(command, "until", now + Options.Lease.Ticks);
        Add(command, "now", now);
        return await ReadOneAsync(command, ct).ConfigureAwait(false);
    }

    private long Now() => time.GetUtcNow().UtcTicks;

    private static void Add(NpgsqlCommand command, string name, string value) =>
        command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = value });

    private static void Add(NpgsqlCommand command, string name, long value) =>
        command.Parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    private static async Task<JournalPartitionState?> ReadOneAsync(NpgsqlCommand command, CancellationToken ct) =>
        (await ReadAllAsync(command, ct).ConfigureAwait(false)) is [var single] ? single : null;

    private static async Task<IReadOnlyList<JournalPartitionState>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var states = new List<JournalPartitionState>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            states.Add(new JournalPartitionState(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        return states;
    }
}
