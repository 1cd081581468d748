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
    /// <summary>Longer reasons are cut: a reason explains a failure, it must not bloat the store.</summary>
    public const int MaxReasonChars = 2000;

    private const string Columns = "id, tenant, monitor_key, jurisdiction, record_id, reason, retryable, attempts, parked_at, next_attempt_at, last_error";
    private const string ReplayColumns = "id, monitor_key, payload, retryable, attempts";

    private readonly ParkedBackoff _backoff = backoff ?? ParkedBackoff.Default;

    public async Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
            return;
        var rows = new (string Tenant, string Jurisdiction, byte[] Payload)[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i] ?? throw new ArgumentException($"records[{i}] is null", nameof(records));
            if (string.IsNullOrEmpty(r.Reason))
                throw new ArgumentException($"records[{i}].reason: required", nameof(records));
            var (tenant, jurisdiction) = MonitorKey.Parse(r.MonitorKey);
            if (!string.Equals(tenant, r.Record.Tenant, StringComparison.Ordinal))
                throw new ArgumentException($"records[{i}]: monitor '{r.MonitorKey}' is not the record's tenant's", nameof(records));
            rows[i] = (tenant, jurisdiction, RecordCodec.Encode(r.Record));
        }

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
                var attempt = existing.ExecuteScalar() is long before ? (int)Math.Min(before + 1, int.MaxValue) : 1;

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
        long? before = Paging.DecodeCursor(cursor) is { } lastKey
            ? long.TryParse(lastKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException("cursor: not a parked-record cursor", nameof(cursor))
            : null;

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
            {
                items.Add(new ParkedEntry(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetInt64(6) != 0,
                    reader.GetInt32(7),
                    StoredTime.FromTicks(reader.GetInt64(8)),
                    StoredTime.FromTicks(reader.GetInt64(9)),
                    reader.IsDBNull(10) ? null : reader.GetString(10)));
            }
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
                var attempt = (int)Math.Min(before + 1, int.MaxValue);
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
        {
            items.Add(new ParkedReplay(
                reader.GetInt64(0),
                reader.GetString(1),
                RecordCodec.Decode((byte[])reader.GetValue(2)),
                reader.GetInt64(3) != 0,
                reader.GetInt32(4)));
        }
        return items;
    }

    /// <summary>The filter as a WHERE clause over bound parameters (never spliced values).</summary>
    private static StringBuilder Where(ParkedRecordFilter filter, SqliteCommand command)
    {
        var where = new StringBuilder("1 = 1");
        if (filter.Tenant is not null)
        {
            where.Append(" AND tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", filter.Tenant);
        }
        if (filter.Jurisdiction is not null)
        {
            where.Append(" AND jurisdiction = $jurisdiction");
            command.Parameters.AddWithValue("$jurisdiction", filter.Jurisdiction);
        }
        if (filter.Retryable is { } retryable)
        {
            where.Append(" AND retryable = $retryable");
            command.Parameters.AddWithValue("$retryable", retryable ? 1 : 0);
        }
        if (filter.RecordIds is { } ids)
        {
            if (ids.Count > ParkedRecordFilter.MaxRecordIds)
                throw new ArgumentException($"recordIds: at most {ParkedRecordFilter.MaxRecordIds}", nameof(filter));
            if (ids.Count == 0)
            {
                where.Append(" AND 0 = 1");
                return where;
            }
            where.Append(" AND record_id IN (");
            for (var i = 0; i < ids.Count; i++)
            {
                where.Append(i == 0 ? "$r" : ", $r").Append(i.ToString(CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$r" + i.ToString(CultureInfo.InvariantCulture), ids[i]);
            }
            where.Append(')');
        }
        return where;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static string Truncate(string reason) =>
        reason.Length > MaxReasonChars ? string.Concat(reason.AsSpan(0, MaxReasonChars - 1), "…") : reason;
}
