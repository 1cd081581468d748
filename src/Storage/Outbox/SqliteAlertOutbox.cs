using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="IAlertOutbox"/> in its own table <c>alert_outbox</c>, created on first use (it is optional:
/// only processes that publish alerts need it, so it is not part of the shared schema migrations; its own columns
/// added later are migrated here, see <see cref="Migrate"/>).
/// </summary>
public sealed class SqliteAlertOutbox(LeptonDatabase db, TimeProvider clock) : IAlertOutbox
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS alert_outbox (
            seq             INTEGER PRIMARY KEY AUTOINCREMENT,
            msg_key         TEXT    NOT NULL,
            event_id        TEXT    NOT NULL,
            payload         BLOB    NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            created_at      INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            parked_at       INTEGER NULL,
            last_error      TEXT    NULL
        );
        """;

    // Per key: the oldest waiting row (the head). A head backing off holds its key; a head that failed before goes
    // alone (a probe); otherwise the key's rows up to the next one that failed before. One slow key never hides others.
    private const string DueSql = """
        WITH heads AS (
            SELECT msg_key, MIN(seq) AS head FROM alert_outbox WHERE parked_at IS NULL GROUP BY msg_key
        ), runs AS (
            SELECT h.msg_key, h.head, a.attempts AS head_attempts,
                   (SELECT MIN(f.seq) FROM alert_outbox f
                     WHERE f.msg_key = h.msg_key AND f.parked_at IS NULL AND f.seq > h.head AND f.attempts > 0) AS stop
            FROM heads h JOIN alert_outbox a ON a.seq = h.head
            WHERE a.next_attempt_at <= $now
        )
        SELECT o.seq, o.msg_key, o.event_id, o.payload, o.attempts, o.created_at
        FROM runs r JOIN alert_outbox o ON o.msg_key = r.msg_key AND o.parked_at IS NULL
        WHERE o.seq = r.head OR (r.head_attempts = 0 AND o.seq > r.head AND (r.stop IS NULL OR o.seq < r.stop))
        ORDER BY o.seq
        LIMIT $max
        """;

    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task AddAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return;
        await EnsureCreatedAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.WriteAsync((connection, transaction) => Insert(connection, transaction, messages, now), ct);
        NotifyAdded();
    }

    /// <summary>
    /// Adds messages inside a caller's write transaction (the alert store's), so they commit with what produced them.
    /// Call <see cref="NotifyAdded"/> after that transaction commits.
    /// </summary>
    internal static void Insert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<OutboxMessage> messages, long nowMs)
    {
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = CreateSql; // idempotent; the table is optional, so it is not in the shared migrations
            create.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO alert_outbox (msg_key, event_id, payload, created_at) VALUES ($key, $id, $payload, $at)";
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var payload = command.Parameters.Add("$payload", SqliteType.Blob);
        command.Parameters.AddWithValue("$at", nowMs);
        foreach (var m in messages)
        {
            key.Value = m.Key;
            id.Value = m.EventId;
            payload.Value = m.Payload;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Wakes the publisher waiting in <see cref="WaitForAddAsync"/>.</summary>
    public void NotifyAdded() =>
        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public Task<IReadOnlyList<OutboxEntry>> PeekAsync(int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return ReadEntriesAsync("SELECT seq, msg_key, event_id, payload, attempts, created_at FROM alert_outbox ORDER BY seq LIMIT $max", max, null, ct);
    }

    public Task<IReadOnlyList<OutboxEntry>> ReadDueAsync(int max, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return ReadEntriesAsync(DueSql, max, now.ToUnixTimeMilliseconds(), ct);
    }

    private async Task<IReadOnlyList<OutboxEntry>> ReadEntriesAsync(string sql, int max, long? nowMs, CancellationToken ct)
    {
        await EnsureCreatedAsync(ct);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$max", max);
        if (nowMs is { } now)
            command.Parameters.AddWithValue("$now", now);
        using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<OutboxEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3),
                reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return entries;
    }

    public async Task DeleteAsync(IReadOnlyList<long> seqs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        if (seqs.Count == 0)
            return;
        await EnsureCreatedAsync(ct);
        await db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM alert_outbox WHERE seq = $seq";
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var s in seqs)
            {
                seq.Value = s;
                command.ExecuteNonQuery();
            }
        }, ct);
    }

    public async Task MarkFailedAsync(IReadOnlyList<OutboxFailure> failures, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
            return;
        await EnsureCreatedAsync(ct);
        await db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE alert_outbox SET attempts = $attempts, next_attempt_at = $next, parked_at = $parked, last_error = $error
                WHERE seq = $seq
                """;
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            var attempts = command.Parameters.Add("$attempts", SqliteType.Integer);
            var next = command.Parameters.Add("$next", SqliteType.Integer);
            var parked = command.Parameters.Add("$parked", SqliteType.Integer);
            var error = command.Parameters.Add("$error", SqliteType.Text);
            foreach (var f in failures)
            {
                seq.Value = f.Seq;
                attempts.Value = f.Attempts;
                next.Value = f.NextAttemptAt.ToUnixTimeMilliseconds();
                parked.Value = f.Park ? f.NextAttemptAt.ToUnixTimeMilliseconds() : DBNull.Value;
                error.Value = f.Reason;
                command.ExecuteNonQuery();
            }
        }, ct);
    }

    public async Task<IReadOnlyList<ParkedOutboxEntry>> ListParkedAsync(int max, CancellationToken ct = default, string? key = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await EnsureCreatedAsync(ct);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, msg_key, event_id, attempts, last_error, parked_at, created_at FROM alert_outbox
            WHERE parked_at IS NOT NULL AND ($key IS NULL OR msg_key = $key) ORDER BY seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$max", max);
        command.Parameters.AddWithValue("$key", (object?)key ?? DBNull.Value);
        using var reader = await command.ExecuteReaderAsync(ct);
        var parked = new List<ParkedOutboxEntry>();
        while (await reader.ReadAsync(ct))
        {
            parked.Add(new ParkedOutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }
        return parked;
    }

    public async Task<int> ReplayParkedAsync(IReadOnlyList<long>? seqs = null, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(ct);
        const string reset = "UPDATE alert_outbox SET parked_at = NULL, attempts = 0, next_attempt_at = 0, last_error = NULL WHERE parked_at IS NOT NULL";
        var replayed = await db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (seqs is null)
            {
                command.CommandText = reset;
                return command.ExecuteNonQuery();
            }
            command.CommandText = reset + " AND seq = $seq";
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            var n = 0;
            foreach (var s in seqs)
            {
                seq.Value = s;
                n += command.ExecuteNonQuery();
            }
            return n;
        }, ct);
        if (replayed > 0)
            NotifyAdded();
        return replayed;
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await EnsureCreatedAsync(ct);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM alert_outbox";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public async Task<OutboxDepth> GetDepthAsync(CancellationToken ct = default)
    {
        await EnsureCreatedAsync(ct);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(parked_at) FROM alert_outbox";
        using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var all = reader.GetInt64(0);
        var parked = reader.GetInt64(1);
        return new OutboxDepth(all - parked, parked);
    }

    public async Task WaitForAddAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await Volatile.Read(ref _added).Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Poll anyway: rows may have been added by an earlier run of the process, or a backoff may have elapsed.
        }
    }

    /// <summary>
    /// The outbox's own migration: a table created by an older build lacks the retry columns; add them (existing rows
    /// start with no backoff and not parked), then the index the due query walks.
    /// </summary>
    internal static void Migrate(SqliteConnection connection, SqliteTransaction transaction)
    {
        LeptonDatabase.Execute(connection, CreateSql, transaction);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = "SELECT name FROM pragma_table_info('alert_outbox')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
                columns.Add(reader.GetString(0));
        }
        if (!columns.Contains("next_attempt_at"))
            LeptonDatabase.Execute(connection, "ALTER TABLE alert_outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0", transaction);
        if (!columns.Contains("parked_at"))
            LeptonDatabase.Execute(connection, "ALTER TABLE alert_outbox ADD COLUMN parked_at INTEGER NULL", transaction);
        if (!columns.Contains("last_error"))
            LeptonDatabase.Execute(connection, "ALTER TABLE alert_outbox ADD COLUMN last_error TEXT NULL", transaction);
        LeptonDatabase.Execute(connection, "CREATE INDEX IF NOT EXISTS ix_alert_outbox_waiting ON alert_outbox (msg_key, seq) WHERE parked_at IS NULL", transaction);
    }

    private async Task EnsureCreatedAsync(CancellationToken ct)
    {
        if (_created)
            return;
        await _createLock.WaitAsync(ct);
        try
        {
            if (_created)
                return;
            await db.WriteAsync(Migrate, ct);
            _created = true;
        }
        finally
        {
            _createLock.Release();
        }
    }
}
