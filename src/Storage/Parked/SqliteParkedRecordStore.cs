using System.Globalization;
using System.Text;
using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="IParkedRecordStore"/> (table <c>parked_records</c>, schema migration 5). A record is keyed by
/// (monitor, record id); its payload is the journal's compact <see cref="RecordCodec"/> encoding.
/// </summary>
public sealed class SqliteParkedRecordStore(LeptonDatabase db, TimeProvider clock, ParkedBackoff? backoff = null) : IParkedRecordStore
{
    public const int MaxReasonChars = ParkedRecordRules.MaxReasonChars;

    private const string Columns = ParkedRecordRules.EntryColumns;
    private const string ReplayColumns = ParkedRecordRules.ReplayColumns;

    private readonly ParkedBackoff _backoff = backoff ?? ParkedBackoff.Default;

    public async Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
            return;
        var rows = ParkedRecordRules.Validate(records);

        var now = clock.GetUtcNow();
        await db.WriteAsync((connection, transaction) =>
        {
            using var existing = Command(connection, transaction, "SELECT attempts FROM parked_records WHERE monitor_key = $key AND record_id = $recordId;");
            var existingKey = existing.Parameters.Add("$key", SqliteType.Text);
            var existingId = existing.Parameters.Add("$recordId", SqliteType.Text);

            // Parking again (the dispatcher failed on it once more) counts one more attempt and takes the latest reason.
            using var upsert = Command(connection, transaction, """
                INSERT INTO parked_records (tenant, monitor_key, jurisdiction, record_id, payload, reason, retryable, attempts, parked_at, next_attempt_at)
                VALUES ($tenant, $key, $jurisdiction, $recordId, $payload, $reason, $retryable, $attempts, $now, $next)
                ON CONFLICT (monitor_key, record_id) DO UPDATE SET
                    payload = excluded.payload, reason = excluded.reason, retryable = excluded.retryable,
                    attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at;
                """);
            var tenant = upsert.Parameters.Add("$tenant", SqliteType.Text);
            var key = upsert.Parameters.Add("$key", SqliteType.Text);
            var jurisdiction = upsert.Parameters.Add("$jurisdiction", SqliteType.Text);
            var recordId = upsert.Parameters.Add("$recordId", SqliteType.Text);
            var payload = upsert.Parameters.Add("$payload", SqliteType.Blob);
            var reason = upsert.Parameters.Add("$reason", SqliteType.Text);
            var retryable = upsert.Parameters.Add("$retryable", SqliteType.Integer);
            var attempts = upsert.Parameters.Add("$attempts", SqliteType.Integer);
            var next = upsert.Parameters.Add("$next", SqliteType.Integer);
            upsert.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));

            for (var i = 0; i < records.Count; i++)
            {
                var r = records[i];
                existingKey.Value = r.MonitorKey;
                existingId.Value = r.Record.Id;
                var attempt = existing.ExecuteScalar() is long before ? ParkedRecordRules.NextAttempt(before) : 1;

                tenant.Value = rows[i].Tenant;
                key.Value = r.MonitorKey;
                jurisdiction.Value = rows[i].Jurisdiction;
                recordId.Value = r.Record.Id;
                payload.Value = rows[i].Payload;
                reason.Value = Truncate(r.Reason);
                retryable.Value = r.Retryable ? 1 : 0;
                attempts.Value = attempt;
                next.Value = StoredTime.ToTicks(now + _backoff.Next(attempt));
                upsert.ExecuteNonQuery();
            }
        }, ct).ConfigureAwait(false);
    }

    public async Task<Page<ParkedEntry>> ListAsync(ParkedRecordFilter filter, int pageSize, string? cursor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Paging.ValidatePageSize(pageSize);
        var before = ParkedRecordRules.DecodeCursor(cursor);

        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = Where(filter, command);
        if (before is not null)
        {
            where.Append(" AND id < $before");
            command.Parameters.AddWithValue("$before", before.Value);
        }
        command.CommandText = $"SELECT {Columns} FROM parked_records WHERE {where} ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", pageSize + 1);

        var items = new List<ParkedEntry>(pageSize + 1);
        using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (reader.Read())
                items.Add(ParkedRecordRules.ReadEntry(reader));
        }

        return Paging.FromRowsPlusOne(items, pageSize, e => e.Id);
    }

    public async Task<ParkedCounts> CountAsync(CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(retryable), 0) FROM parked_records;";
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        reader.Read();
        return new ParkedCounts(reader.GetInt64(0), reader.GetInt64(1));
    }

    public Task<IReadOnlyList<ParkedReplay>> TakeDueAsync(int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ReplayColumns} FROM parked_records
            WHERE retryable = 1 AND next_attempt_at <= $now
            ORDER BY next_attempt_at LIMIT $max;
            """;
        command.Parameters.AddWithValue("$now", StoredTime.ToTicks(clock.GetUtcNow()));
        command.Parameters.AddWithValue("$max", max);
        return Task.FromResult(ReadReplays(command));
    }

    public Task<IReadOnlyList<ParkedReplay>> TakeMatchingAsync(ParkedRecordFilter filter, int max, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = Where(filter, command);
        command.CommandText = $"SELECT {ReplayColumns} FROM parked_records WHERE {where} ORDER BY id LIMIT $max;";
        command.Parameters.AddWithValue("$max", max);
        return Task.FromResult(ReadReplays(command));
    }

    public async Task CompleteAsync(IReadOnlyList<ParkedReplay> replayed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(replayed);
        if (replayed.Count == 0)
            return;
        await db.WriteAsync((connection, transaction) =>
        {
            using var delete = Command(connection, transaction, "DELETE FROM parked_records WHERE id = $id AND attempts = $attempts;");
            var id = delete.Parameters.Add("$id", SqliteType.Integer);
            var attempts = delete.Parameters.Add("$attempts", SqliteType.Integer);
            foreach (var r in replayed)
            {
                id.Value = r.Id;
                attempts.Value = r.Attempts;
                delete.ExecuteNonQuery();
            }
        }, ct).ConfigureAwait(false);
    }

    public async Task RescheduleAsync(IReadOnlyList<ParkedFailure> failures, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
            return;
        var now = clock.GetUtcNow();
        await db.WriteAsync((connection, transaction) =>
        {
            using var read = Command(connection, transaction, "SELECT attempts FROM parked_records WHERE id = $id;");
            var readId = read.Parameters.Add("$id", SqliteType.Integer);
            using var update = Command(connection, transaction, """
                UPDATE parked_records SET attempts = $attempts, last_error = $error, retryable = $retryable, next_attempt_at = $next
                WHERE id = $id;
                """);
            var id = update.Parameters.Add("$id", SqliteType.Integer);
            var attempts = update.Parameters.Add("$attempts", SqliteType.Integer);
            var error = update.Parameters.Add("$error", SqliteType.Text);
            var retryable = update.Parameters.Add("$retryable", SqliteType.Integer);
            var next = update.Parameters.Add("$next", SqliteType.Integer);
            foreach (var f in failures)
            {
                readId.Value = f.Id;
                if (read.ExecuteScalar() is not long before)
                    continue; // completed meanwhile (an operator's replay): nothing left to reschedule
                var attempt = ParkedRecordRules.NextAttempt(before);
                id.Value = f.Id;
                attempts.Value = attempt;
                error.Value = Truncate(f.Error);
                retryable.Value = f.Retryable ? 1 : 0;
                next.Value = StoredTime.ToTicks(now + _backoff.Next(attempt));
                update.ExecuteNonQuery();
            }
        }, ct).ConfigureAwait(false);
    }

    private static IReadOnlyList<ParkedReplay> ReadReplays(SqliteCommand command)
    {
        var items = new List<ParkedReplay>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            items.Add(ParkedRecordRules.ReadReplay(reader));
        return items;
    }

    private static StringBuilder Where(ParkedRecordFilter filter, SqliteCommand command) => ParkedRecordRules.Where(
        filter,
        (name, value) =>
        {
            command.Parameters.AddWithValue("$" + name, value is bool flag ? (flag ? 1 : 0) : value);
            return "$" + name;
        },
        ids =>
        {
            var names = new string[ids.Count];
            for (var i = 0; i < ids.Count; i++)
            {
                names[i] = "$r" + i.ToString(CultureInfo.InvariantCulture);
                command.Parameters.AddWithValue(names[i], ids[i]);
            }
            return $"record_id IN ({string.Join(", ", names)})";
        });

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static string Truncate(string reason) => ParkedRecordRules.Truncate(reason);
}
