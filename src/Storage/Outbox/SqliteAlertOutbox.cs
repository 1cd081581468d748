using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="IAlertOutbox"/> in its own table <c>alert_outbox</c>, created on first use (it is optional:
/// only processes that publish alerts need it, so it is not part of the shared schema migrations).
/// </summary>
public sealed class SqliteAlertOutbox(LeptonDatabase db, TimeProvider clock) : IAlertOutbox
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS alert_outbox (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            msg_key    TEXT    NOT NULL,
            event_id   TEXT    NOT NULL,
            payload    BLOB    NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
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

    public async Task<IReadOnlyList<OutboxEntry>> PeekAsync(int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await EnsureCreatedAsync(ct);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, msg_key, event_id, payload, attempts, created_at FROM alert_outbox ORDER BY seq LIMIT $max";
        command.Parameters.AddWithValue("$max", max);
        using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<OutboxEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3),
                reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return entries;
    }

    public Task DeleteAsync(IReadOnlyList<long> seqs, CancellationToken ct = default) =>
        UpdateAsync("DELETE FROM alert_outbox WHERE seq = $seq", seqs, ct);

    public Task MarkFailedAsync(IReadOnlyList<long> seqs, CancellationToken ct = default) =>
        UpdateAsync("UPDATE alert_outbox SET attempts = attempts + 1 WHERE seq = $seq", seqs, ct);

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await EnsureCreatedAsync(ct);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM alert_outbox";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task WaitForAddAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await Volatile.Read(ref _added).Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Poll anyway: rows may have been added by an earlier run of the process.
        }
    }

    private async Task UpdateAsync(string sql, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        if (seqs.Count == 0)
            return;
        await EnsureCreatedAsync(ct);
        await db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var s in seqs)
            {
                seq.Value = s;
                command.ExecuteNonQuery();
            }
        }, ct);
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
            await db.WriteAsync((connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = CreateSql;
                command.ExecuteNonQuery();
            }, ct);
            _created = true;
        }
        finally
        {
            _createLock.Release();
        }
    }
}
