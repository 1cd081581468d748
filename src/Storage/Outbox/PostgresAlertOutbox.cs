using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IAlertOutbox"/> for cluster mode, over migration 2's <c>alert_outbox</c>: the same due rule,
/// backoff, parking and replay as <see cref="SqliteAlertOutbox"/> (times in Unix milliseconds, as there). Unlike SQLite,
/// several processes insert and drain at once, so:
/// <list type="bullet">
/// <item>Inserts take a transaction-scoped advisory lock per key: a key's seqs are then handed out in commit order, so
/// a drainer never sees seq 11 of a tenant committed while seq 10 is still in flight (and sends 10 after 11).</item>
/// <item>Drainers claim keys with session advisory locks on a connection this instance keeps for it (see
/// <see cref="ReadDueAsync"/>): one key is sent by one drainer at a time, in seq order, never twice. A drainer that dies
/// loses its session and so its claims at once — no lease to wait out.</item>
/// <item><see cref="WaitForAddAsync"/> wakes across processes: inserts <c>pg_notify</c> in their transaction (delivered
/// on commit), each instance LISTENs on a connection of its own; its timeout stays the polling fallback.</item>
/// </list>
/// NUL characters (which PostgreSQL text cannot hold) in a transport's failure reason are stored as U+FFFD.
/// </summary>
public sealed class PostgresAlertOutbox(NpgsqlDataSource dataSource, TimeProvider clock) : IAlertOutbox, IAsyncDisposable
{
    /// <summary>The channel every insert and replay notifies on commit.</summary>
    internal const string Channel = "lepton_alert_outbox";

    // Advisory lock namespaces (the first int of the two-int form), so these never collide with the migrator's or
    // another store's locks. Different for inserts and claims: an insert must not wait for a drainer's send.
    private const int InsertLockSpace = 0x4C4F4931; // "LOI1"
    private const int ClaimLockSpace = 0x4C4F4332;  // "LOC2"

    private const string Columns = "o.seq, o.msg_key, o.event_id, o.payload, o.attempts, o.created_at";

    // The SQLite due rule, query for query (see SqliteAlertOutbox): per key the oldest waiting row (the head); a head
    // backing off holds its key; a head that failed before goes alone (a probe); otherwise the key's rows up to the next
    // one that failed before. {0} narrows the keys.
    private const string DueSql = """
        WITH heads AS (
            SELECT msg_key, min(seq) AS head FROM alert_outbox WHERE parked_at IS NULL {0} GROUP BY msg_key
        ), runs AS (
            SELECT h.msg_key, h.head, a.attempts AS head_attempts,
                   (SELECT min(f.seq) FROM alert_outbox f
                     WHERE f.msg_key = h.msg_key AND f.parked_at IS NULL AND f.seq > h.head AND f.attempts > 0) AS stop
            FROM heads h JOIN alert_outbox a ON a.seq = h.head
            WHERE a.next_attempt_at <= @now
        )
        SELECT o.seq, o.msg_key, o.event_id, o.payload, o.attempts, o.created_at
        FROM runs r JOIN alert_outbox o ON o.msg_key = r.msg_key AND o.parked_at IS NULL
        WHERE o.seq = r.head OR (r.head_attempts = 0 AND o.seq > r.head AND (r.stop IS NULL OR o.seq < r.stop))
        ORDER BY o.seq
        LIMIT @max
        """;

    // The keys whose head is due, oldest head first, at most @max of them (the sub-select's LIMIT runs before the
    // locks are tried, so no more keys than that are claimed), that no other drainer holds now.
    private const string ClaimSql = """
        SELECT msg_key FROM (
            SELECT h.msg_key, h.head
            FROM (SELECT msg_key, min(seq) AS head FROM alert_outbox WHERE parked_at IS NULL GROUP BY msg_key) h
            JOIN alert_outbox a ON a.seq = h.head
            WHERE a.next_attempt_at <= @now
            ORDER BY h.head
            LIMIT @max
        ) due
        WHERE pg_try_advisory_lock(@space, hashtext(msg_key))
        """;

    private readonly SemaphoreSlim _claimLock = new(1, 1);
    private NpgsqlConnection? _claimConnection;
    private readonly PostgresOutboxWakeup _wakeup = new(dataSource, Channel);

    public async Task AddAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await InsertAsync(connection, transaction, messages, now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        NotifyAdded();
    }

    /// <summary>
    /// Adds messages inside a caller's transaction (the alert store's), so they commit with what produced them: one
    /// round trip (per-key insert locks, the insert with arrays, the notification other processes wake on at commit).
    /// The key locks are held to the caller's commit: keep that transaction short after this call. This process's own
    /// waiter hears the notification too; call <see cref="NotifyAdded"/> after the commit to wake it without that trip.
    /// </summary>
    internal static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> messages,
        long nowMs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return;
        var keys = new string[messages.Count];
        var ids = new string[messages.Count];
        var payloads = new byte[messages.Count][];
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i] ?? throw new ArgumentException($"messages[{i}] is null", nameof(messages));
            (keys[i], ids[i], payloads[i]) = (m.Key, m.EventId, m.Payload);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        // Locks in hash order, so two inserters of overlapping keys cannot deadlock.
        batch.BatchCommands.Add(Command("""
            SELECT pg_advisory_xact_lock(@space, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(@keys) AS k ORDER BY 1) locks
            """,
            new NpgsqlParameter<int>("space", NpgsqlDbType.Integer) { TypedValue = InsertLockSpace },
            new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys }));
        // WITH ORDINALITY … ORDER BY: seqs follow the order of the list, as SQLite's one-by-one inserts do.
        batch.BatchCommands.Add(Command("""
            INSERT INTO alert_outbox (msg_key, event_id, payload, created_at)
            SELECT m.k, m.id, m.payload, @at FROM unnest(@keys, @ids, @payloads) WITH ORDINALITY AS m(k, id, payload, n) ORDER BY m.n
            """,
            new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys },
            new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids },
            new NpgsqlParameter<byte[][]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads },
            new NpgsqlParameter<long>("at", NpgsqlDbType.Bigint) { TypedValue = nowMs }));
        batch.BatchCommands.Add(NotifyCommand());
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Wakes this process's waiter in <see cref="WaitForAddAsync"/> (other processes hear the notification).</summary>
    public void NotifyAdded() => _wakeup.Set();

    public async Task<IReadOnlyList<OutboxEntry>> PeekAsync(int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM alert_outbox o ORDER BY o.seq LIMIT @max");
        command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = max });
        return await ReadEntriesAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The SQLite due rule, for the keys this instance can claim: first it lets go of the keys of its previous round
    /// (the drainer has deleted or charged what it sent by now), then claims due keys no other drainer holds (session
    /// advisory locks, tried, never waited for), then reads their due rows in a new statement — so rows another drainer
    /// sent and deleted before letting go of the key are never read from an older snapshot and sent twice. A claimed key
    /// stays claimed until this instance's next call, also when none of its rows fit in <paramref name="max"/>.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> ReadDueAsync(int max, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var nowMs = now.ToUnixTimeMilliseconds();
        await _claimLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var connection = _claimConnection ??= await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            try
            {
                var claimed = new List<string>();
                await using (var batch = new NpgsqlBatch(connection))
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_unlock_all()"));
                    batch.BatchCommands.Add(Command(ClaimSql,
                        new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = nowMs },
                        new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = max },
                        new NpgsqlParameter<int>("space", NpgsqlDbType.Integer) { TypedValue = ClaimLockSpace }));
                    await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        claimed.Add(reader.GetString(0));
                }
                if (claimed.Count == 0)
                    return [];

                await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, DueSql, "AND msg_key = ANY(@keys)"), connection);
                command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. claimed] });
                command.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = nowMs });
                command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = max });
                return await ReadEntriesAsync(command, ct).ConfigureAwait(false);
            }
            catch
            {
                // The session may be broken or its locks in doubt: let go of it and start afresh next round.
                await ReleaseClaimsAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _claimLock.Release();
        }
    }

    public async Task DeleteAsync(IReadOnlyList<long> seqs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        if (seqs.Count == 0)
            return;
        await using var command = dataSource.CreateCommand("DELETE FROM alert_outbox WHERE seq = ANY(@seqs)");
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. seqs] });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task MarkFailedAsync(IReadOnlyList<OutboxFailure> failures, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
            return;
        var seqs = new long[failures.Count];
        var attempts = new int[failures.Count];
        var next = new long[failures.Count];
        var parked = new long?[failures.Count];
        var errors = new string[failures.Count];
        for (var i = 0; i < failures.Count; i++)
        {
            var f = failures[i];
            seqs[i] = f.Seq;
            attempts[i] = f.Attempts;
            next[i] = f.NextAttemptAt.ToUnixTimeMilliseconds();
            parked[i] = f.Park ? next[i] : null;
            errors[i] = f.Reason.Replace('\0', '\uFFFD');
        }
        await using var command = dataSource.CreateCommand("""
            UPDATE alert_outbox o SET attempts = f.attempts, next_attempt_at = f.next, parked_at = f.parked, last_error = f.error
            FROM unnest(@seqs, @attempts, @next, @parked, @errors) AS f(seq, attempts, next, parked, error)
            WHERE o.seq = f.seq
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = seqs });
        command.Parameters.Add(new NpgsqlParameter<int[]>("attempts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<long[]>("next", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = next });
        command.Parameters.Add(new NpgsqlParameter<long?[]>("parked", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = parked });
        command.Parameters.Add(new NpgsqlParameter<string[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = errors });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ParkedOutboxEntry>> ListParkedAsync(int max, CancellationToken ct = default, string? key = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var command = dataSource.CreateCommand($"""
            SELECT seq, msg_key, event_id, attempts, last_error, parked_at, created_at FROM alert_outbox
            WHERE parked_at IS NOT NULL {(key is null ? "" : "AND msg_key = @key")} ORDER BY seq LIMIT @max
            """);
        command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = max });
        if (key is not null)
            command.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = key });
        var parked = new List<ParkedOutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            parked.Add(new ParkedOutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }
        return parked;
    }

    public async Task<int> ReplayParkedAsync(IReadOnlyList<long>? seqs = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        int replayed;
        await using (var command = new NpgsqlCommand(
            "UPDATE alert_outbox SET parked_at = NULL, attempts = 0, next_attempt_at = 0, last_error = NULL WHERE parked_at IS NOT NULL"
            + (seqs is null ? "" : " AND seq = ANY(@seqs)"), connection, transaction))
        {
            if (seqs is not null)
                command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. seqs] });
            replayed = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        if (replayed > 0)
        {
            await using var notify = new NpgsqlCommand($"SELECT pg_notify('{Channel}', '')", connection, transaction);
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        if (replayed > 0)
            NotifyAdded();
        return replayed;
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM alert_outbox");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<OutboxDepth> GetDepthAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*), count(parked_at) FROM alert_outbox");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var all = reader.GetInt64(0);
        var parked = reader.GetInt64(1);
        return new OutboxDepth(all - parked, parked);
    }

    /// <summary>
    /// Completes when a message was added (by any process) since the last call, or after <paramref name="timeout"/>:
    /// the first call starts LISTENing and waits for that (within the timeout), so an add committed after it returns
    /// is heard. A lost listening connection is reopened; meanwhile the timeout is the polling fallback.
    /// </summary>
    public Task WaitForAddAsync(TimeSpan timeout, CancellationToken ct = default) => _wakeup.WaitAsync(timeout, ct);

    public async ValueTask DisposeAsync()
    {
        await _wakeup.DisposeAsync().ConfigureAwait(false);
        await _claimLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await ReleaseClaimsAsync().ConfigureAwait(false);
        }
        finally
        {
            _claimLock.Release();
        }
    }

    /// <summary>
    /// Ends this instance's claims (under <see cref="_claimLock"/>). Unlocks explicitly: a disposed connection goes back
    /// to the pool, where its session and so its locks live on until it is reused; a broken one is closed, which ends them.
    /// </summary>
    private async Task ReleaseClaimsAsync()
    {
        if (_claimConnection is not { } connection)
            return;
        _claimConnection = null;
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Broken: disposing closes it instead of pooling it, and the server drops the session's locks.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static NpgsqlBatchCommand NotifyCommand() => new($"SELECT pg_notify('{Channel}', '')");

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static async Task<IReadOnlyList<OutboxEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var entries = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return entries;
    }
}
