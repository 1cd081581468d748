using Lepton.Monitor.Storage.Postgres;
using System.Text;
using Lepton.Monitor.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IParkedRecordStore"/> for cluster mode: the same checks, backoff, filters, ordering and
/// cursors as <see cref="SqliteParkedRecordStore"/> (<see cref="ParkedRecordRules"/>), idempotent per
/// (monitor_key, record_id) through its unique index. Every api process runs a replayer over the one table, so taking
/// records claims them: <see cref="TakeDueAsync"/> locks due rows with <c>FOR UPDATE SKIP LOCKED</c> and moves their
/// next attempt to the end of a lease (<c>claimLease</c>) in the same statement, so no other process takes them while
/// this one replays; the replay's <see cref="CompleteAsync"/> or <see cref="RescheduleAsync"/> ends the lease, and a
/// process that dies mid-replay leaves its records due again once the lease runs out. A NUL in a reason, error or
/// record id is stored as U+FFFD (PostgreSQL text cannot hold one); the payload keeps the record exactly.
/// </summary>
public sealed class PostgresParkedRecordStore(NpgsqlDataSource dataSource, TimeProvider clock, ParkedBackoff? backoff = null, TimeSpan? claimLease = null)
    : IParkedRecordStore
{
    /// <summary>Longer than one replay round (grain calls time out after 30 s), short enough to retry soon after a crash.</summary>
    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(2);

    private const string Columns = ParkedRecordRules.EntryColumns;
    private const string ReplayColumns = ParkedRecordRules.ReplayColumns;

    private readonly ParkedBackoff _backoff = backoff ?? ParkedBackoff.Default;
    private readonly TimeSpan _claimLease = claimLease is { } lease && lease <= TimeSpan.Zero
        ? throw new ArgumentOutOfRangeException(nameof(claimLease))
        : claimLease ?? DefaultClaimLease;

    public async Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
            return;
        var rows = ParkedRecordRules.Validate(records);

        // The same (monitor, record) twice in one call counts twice, as parking it twice does, and keeps the latest
        // reason: one row per key here, because one INSERT … ON CONFLICT cannot touch a row twice.
        var byKey = new Dictionary<(string Key, string RecordId), (int Index, int Times)>();
        for (var i = 0; i < records.Count; i++)
        {
            var key = (records[i].MonitorKey, PostgresText.WithoutNul(records[i].Record.Id));
            byKey[key] = (i, byKey.TryGetValue(key, out var seen) ? seen.Times + 1 : 1);
        }
        var n = byKey.Count;
        var tenants = new string[n];
        var keys = new string[n];
        var jurisdictions = new string[n];
        var recordIds = new string[n];
        var payloads = new byte[n][];
        var reasons = new string[n];
        var retryable = new bool[n];
        var times = new int[n];
        var j = 0;
        // In the caller's order, so ids (the list's newest-first order) follow it as in SQLite. Two processes parking
        // overlapping records in other orders may deadlock: PostgreSQL aborts one, and the dispatcher retries parking.
        foreach (var ((key, recordId), (index, count)) in byKey)
        {
            tenants[j] = rows[index].Tenant;
            keys[j] = key;
            jurisdictions[j] = rows[index].Jurisdiction;
            recordIds[j] = recordId;
            payloads[j] = rows[index].Payload;
            reasons[j] = PostgresText.WithoutNul(ParkedRecordRules.Truncate(records[index].Reason));
            retryable[j] = records[index].Retryable;
            times[j] = count;
            j++;
        }

        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Attempts count up inside the database (the conflicting row is locked), so two processes parking the same
        // record at once both count; the next attempt depends on that count, so it is set from the answer below,
        // before anyone can see the rows (same transaction).
        var attempts = new Dictionary<long, int>(n);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO parked_records AS p (tenant, monitor_key, jurisdiction, record_id, payload, reason, retryable, attempts, parked_at, next_attempt_at)
            SELECT t.tenant, t.monitor_key, t.jurisdiction, t.record_id, t.payload, t.reason, t.retryable, t.times, @now, @now
            FROM unnest(@tenants, @keys, @jurisdictions, @recordIds, @payloads, @reasons, @retryable, @times)
                AS t(tenant, monitor_key, jurisdiction, record_id, payload, reason, retryable, times)
            ON CONFLICT (monitor_key, record_id) DO UPDATE SET
                payload = excluded.payload, reason = excluded.reason, retryable = excluded.retryable,
                attempts = LEAST(p.attempts::bigint + excluded.attempts, 2147483647)::integer
            RETURNING id, attempts
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(now) });
            upsert.Parameters.Add(TextArray("tenants", tenants));
            upsert.Parameters.Add(TextArray("keys", keys));
            upsert.Parameters.Add(TextArray("jurisdictions", jurisdictions));
            upsert.Parameters.Add(TextArray("recordIds", recordIds));
            upsert.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads });
            upsert.Parameters.Add(TextArray("reasons", reasons));
            upsert.Parameters.Add(new NpgsqlParameter<bool[]>("retryable", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = retryable });
            upsert.Parameters.Add(new NpgsqlParameter<int[]>("times", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = times });
            await using var reader = await upsert.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                attempts[reader.GetInt64(0)] = reader.GetInt32(1);
        }
        await SetNextAttemptsAsync(connection, transaction, attempts, now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<Page<ParkedEntry>> ListAsync(ParkedRecordFilter filter, int pageSize, string? cursor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Paging.ValidatePageSize(pageSize);
        var before = ParkedRecordRules.DecodeCursor(cursor);

        await using var command = dataSource.CreateCommand();
        var where = Where(filter, command);
        if (before is not null)
        {
            where.Append(" AND id < @before");
            command.Parameters.Add(new NpgsqlParameter<long>("before", NpgsqlDbType.Bigint) { TypedValue = before.Value });
        }
        command.CommandText = $"SELECT {Columns} FROM parked_records WHERE {where} ORDER BY id DESC LIMIT @limit";
        command.Parameters.Add(new NpgsqlParameter<long>("limit", NpgsqlDbType.Bigint) { TypedValue = pageSize + 1L });

        var items = new List<ParkedEntry>(pageSize + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                items.Add(ParkedRecordRules.ReadEntry(reader));
        }

        return Paging.FromRowsPlusOne(items, pageSize, e => e.Id);
    }

    public async Task<ParkedCounts> CountAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*), count(*) FILTER (WHERE retryable) FROM parked_records");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new ParkedCounts(reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<IReadOnlyList<ParkedReplay>> TakeDueAsync(int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = clock.GetUtcNow();
        // SKIP LOCKED: a process claiming at the same moment takes other due rows instead of waiting for these; the
        // moved next attempt keeps them from every later claim until the lease ends.
        await using var command = dataSource.CreateCommand($"""
            WITH due AS (
                SELECT id, next_attempt_at FROM parked_records
                WHERE retryable AND next_attempt_at <= @now
                ORDER BY next_attempt_at, id LIMIT @max
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE parked_records p SET next_attempt_at = @leaseEnd
                FROM due WHERE p.id = due.id
                RETURNING p.id, p.monitor_key, p.payload, p.retryable, p.attempts, due.next_attempt_at AS was_due
            )
            SELECT {ReplayColumns} FROM claimed ORDER BY was_due, id
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(now) });
        command.Parameters.Add(new NpgsqlParameter<long>("max", NpgsqlDbType.Bigint) { TypedValue = max });
        command.Parameters.Add(new NpgsqlParameter<long>("leaseEnd", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(now + _claimLease) });
        return await ReadReplaysAsync(command, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ParkedReplay>> TakeMatchingAsync(ParkedRecordFilter filter, int max, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = clock.GetUtcNow();
        // An operator's replay takes every match (no SKIP LOCKED: it asked for these), and leases them like a due claim
        // so no replayer elsewhere takes one of them meanwhile; a lease never brings a next attempt forward.
        await using var command = dataSource.CreateCommand();
        var where = Where(filter, command);
        command.CommandText = $"""
            WITH matching AS (
                SELECT id FROM parked_records WHERE {where} ORDER BY id LIMIT @max FOR UPDATE
            ), claimed AS (
                UPDATE parked_records p SET next_attempt_at = GREATEST(p.next_attempt_at, @leaseEnd)
                FROM matching WHERE p.id = matching.id
                RETURNING p.id, p.monitor_key, p.payload, p.retryable, p.attempts
            )
            SELECT {ReplayColumns} FROM claimed ORDER BY id
            """;
        command.Parameters.Add(new NpgsqlParameter<long>("max", NpgsqlDbType.Bigint) { TypedValue = max });
        command.Parameters.Add(new NpgsqlParameter<long>("leaseEnd", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(now + _claimLease) });
        return await ReadReplaysAsync(command, ct).ConfigureAwait(false);
    }

    public async Task CompleteAsync(IReadOnlyList<ParkedReplay> replayed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(replayed);
        if (replayed.Count == 0)
            return;
        // Only the parking that was taken: a row whose attempts moved on was parked again meanwhile and stays.
        await using var command = dataSource.CreateCommand("""
            DELETE FROM parked_records p USING unnest(@ids, @attempts) AS r(id, attempts)
            WHERE p.id = r.id AND p.attempts = r.attempts
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. replayed.Select(r => r.Id)] });
        command.Parameters.Add(new NpgsqlParameter<int[]>("attempts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. replayed.Select(r => r.Attempts)] });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task RescheduleAsync(IReadOnlyList<ParkedFailure> failures, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
            return;
        // The same id twice counts twice and keeps the latest error, as two reschedules would.
        var byId = new Dictionary<long, (ParkedFailure Failure, int Times)>();
        foreach (var f in failures)
            byId[f.Id] = (f, byId.TryGetValue(f.Id, out var seen) ? seen.Times + 1 : 1);

        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var attempts = new Dictionary<long, int>(byId.Count);
        // A row completed meanwhile (an operator's replay) is simply not there: nothing left to reschedule.
        await using (var update = new NpgsqlCommand("""
            UPDATE parked_records p SET
                attempts = LEAST(p.attempts::bigint + f.times, 2147483647)::integer,
                last_error = f.error, retryable = f.retryable
            FROM unnest(@ids, @errors, @retryable, @times) AS f(id, error, retryable, times)
            WHERE p.id = f.id
            RETURNING p.id, p.attempts
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. byId.Keys] });
            update.Parameters.Add(TextArray("errors", [.. byId.Values.Select(v => PostgresText.WithoutNul(ParkedRecordRules.Truncate(v.Failure.Error)))]));
            update.Parameters.Add(new NpgsqlParameter<bool[]>("retryable", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = [.. byId.Values.Select(v => v.Failure.Retryable)] });
            update.Parameters.Add(new NpgsqlParameter<int[]>("times", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. byId.Values.Select(v => v.Times)] });
            await using var reader = await update.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                attempts[reader.GetInt64(0)] = reader.GetInt32(1);
        }
        await SetNextAttemptsAsync(connection, transaction, attempts, now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Each row's next attempt from its attempt count (<see cref="ParkedBackoff"/>), in one statement.</summary>
    private async Task SetNextAttemptsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<long, int> attempts, DateTimeOffset now, CancellationToken ct)
    {
        if (attempts.Count == 0)
            return;
        var ids = new long[attempts.Count];
        var next = new long[attempts.Count];
        var i = 0;
        foreach (var (id, attempt) in attempts)
        {
            ids[i] = id;
            next[i] = StoredTime.ToTicks(now + _backoff.Next(attempt));
            i++;
        }
        await using var command = new NpgsqlCommand("""
            UPDATE parked_records p SET next_attempt_at = n.next
            FROM unnest(@ids, @next) AS n(id, next) WHERE p.id = n.id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<long[]>("next", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = next });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ParkedReplay>> ReadReplaysAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var items = new List<ParkedReplay>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            items.Add(ParkedRecordRules.ReadReplay(reader));
        return items;
    }

    private static StringBuilder Where(ParkedRecordFilter filter, NpgsqlCommand command) => ParkedRecordRules.Where(
        filter,
        (name, value) =>
        {
            command.Parameters.Add(value is bool flag
                ? new NpgsqlParameter<bool>(name, NpgsqlDbType.Boolean) { TypedValue = flag }
                : new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = PostgresText.WithoutNul((string)value) });
            return "@" + name;
        },
        // = ANY: one array parameter however many ids.
        ids =>
        {
            command.Parameters.Add(TextArray("recordIds", [.. ids.Select(id => PostgresText.WithoutNul(id))]));
            return "record_id = ANY(@recordIds)";
        });

    private static NpgsqlParameter<string[]> TextArray(string name, string[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = values };

}
