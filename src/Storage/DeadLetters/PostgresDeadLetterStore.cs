using Lepton.Monitor.Storage.Postgres;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IDeadLetterStore"/> for cluster mode: the same validation, truncation, ordering and cursors
/// as <see cref="SqliteDeadLetterStore"/>. One difference: PostgreSQL text cannot hold U+0000, so a NUL in the
/// payload, reason or record id is stored as U+FFFD — a dead letter is never dropped for the bytes that made it one.
/// </summary>
public sealed class PostgresDeadLetterStore(NpgsqlDataSource dataSource) : IDeadLetterStore
{
    public async Task AddAsync(IReadOnlyList<DeadLetter> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
            return;
        DeadLetterRules.Validate(items);

        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            INSERT INTO dead_letters (tenant, source, record_index, record_id, reason, redacted_payload, at)
            VALUES (@tenant, @source, @index, @recordId, @reason, @payload, @at)
            """, connection, transaction);
        var tenant = command.Parameters.Add("tenant", NpgsqlDbType.Text);
        var source = command.Parameters.Add("source", NpgsqlDbType.Text);
        var index = command.Parameters.Add("index", NpgsqlDbType.Bigint);
        var recordId = command.Parameters.Add("recordId", NpgsqlDbType.Text);
        var reason = command.Parameters.Add("reason", NpgsqlDbType.Text);
        var payload = command.Parameters.Add("payload", NpgsqlDbType.Text);
        var at = command.Parameters.Add("at", NpgsqlDbType.Bigint);
        foreach (var item in items)
        {
            tenant.Value = (object?)item.Tenant ?? DBNull.Value;
            source.Value = item.Source;
            index.Value = item.Index is { } i ? (long)i : DBNull.Value;
            recordId.Value = (object?)PostgresText.WithoutNul(item.RecordId) ?? DBNull.Value;
            reason.Value = PostgresText.WithoutNul(item.Reason)!;
            payload.Value = (object?)PostgresText.WithoutNul(DeadLetterRules.Truncate(item.RedactedPayload)) ?? DBNull.Value;
            at.Value = StoredTime.ToTicks(item.At);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<Page<DeadLetterEntry>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        long? before = Paging.DecodeCursor(cursor) is { } key
            ? long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException("cursor: not a dead-letter cursor", nameof(cursor))
            : null;

        await using var command = dataSource.CreateCommand($"""
            SELECT id, tenant, source, record_index, record_id, reason, redacted_payload, at
            FROM dead_letters
            WHERE true {(tenant is null ? "" : "AND tenant = @tenant")} {(before is null ? "" : "AND id < @before")}
            ORDER BY id DESC
            LIMIT @limit
            """);
        if (tenant is not null)
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenant });
        if (before is not null)
            command.Parameters.Add(new NpgsqlParameter<long>("before", NpgsqlDbType.Bigint) { TypedValue = before.Value });
        command.Parameters.Add(new NpgsqlParameter<long>("limit", NpgsqlDbType.Bigint) { TypedValue = pageSize + 1L });

        var items = new List<DeadLetterEntry>(pageSize + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                items.Add(new DeadLetterEntry(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : checked((int)reader.GetInt64(3)),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    StoredTime.FromTicks(reader.GetInt64(7))));
            }
        }

        return Paging.FromRowsPlusOne(items, pageSize, e => e.Id);
    }

    public async Task<long> CountAsync(string? tenant, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(tenant is null
            ? "SELECT count(*) FROM dead_letters"
            : "SELECT count(*) FROM dead_letters WHERE tenant = @tenant");
        if (tenant is not null)
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenant });
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
