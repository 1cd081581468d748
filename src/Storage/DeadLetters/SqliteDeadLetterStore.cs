using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>SQLite <see cref="IDeadLetterStore"/>.</summary>
public sealed class SqliteDeadLetterStore(LeptonDatabase db) : IDeadLetterStore
{
    /// <summary>
    /// Longer payloads are cut: a dead letter explains a rejection, and one hostile 10 MB body must not bloat
    /// the store (the HTTP body limit applies before this anyway).
    /// </summary>
    public const int MaxPayloadChars = 64 * 1024;

    public async Task AddAsync(IReadOnlyList<DeadLetter> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
            return;
        DeadLetterRules.Validate(items);

        await db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO dead_letters (tenant, source, record_index, record_id, reason, redacted_payload, at)
                VALUES ($tenant, $source, $index, $recordId, $reason, $payload, $at);
                """;
            var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
            var source = command.Parameters.Add("$source", SqliteType.Text);
            var index = command.Parameters.Add("$index", SqliteType.Integer);
            var recordId = command.Parameters.Add("$recordId", SqliteType.Text);
            var reason = command.Parameters.Add("$reason", SqliteType.Text);
            var payload = command.Parameters.Add("$payload", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Integer);
            foreach (var item in items)
            {
                tenant.Value = (object?)item.Tenant ?? DBNull.Value;
                source.Value = item.Source;
                index.Value = (object?)item.Index ?? DBNull.Value;
                recordId.Value = (object?)item.RecordId ?? DBNull.Value;
                reason.Value = item.Reason;
                payload.Value = (object?)DeadLetterRules.Truncate(item.RedactedPayload) ?? DBNull.Value;
                at.Value = StoredTime.ToTicks(item.At);
                command.ExecuteNonQuery();
            }
        }, ct).ConfigureAwait(false);
    }

    public async Task<Page<DeadLetterEntry>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        long? before = Paging.DecodeCursor(cursor) is { } key
            ? long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException("cursor: not a dead-letter cursor", nameof(cursor))
            : null;

        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, tenant, source, record_index, record_id, reason, redacted_payload, at
            FROM dead_letters
            WHERE 1 = 1 {(tenant is null ? "" : "AND tenant = $tenant")} {(before is null ? "" : "AND id < $before")}
            ORDER BY id DESC
            LIMIT $limit;
            """;
        if (tenant is not null)
            command.Parameters.AddWithValue("$tenant", tenant);
        if (before is not null)
            command.Parameters.AddWithValue("$before", before.Value);
        command.Parameters.AddWithValue("$limit", pageSize + 1);

        var items = new List<DeadLetterEntry>(pageSize + 1);
        using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (reader.Read())
            {
                items.Add(new DeadLetterEntry(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3),
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
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = tenant is null
            ? "SELECT COUNT(*) FROM dead_letters;"
            : "SELECT COUNT(*) FROM dead_letters WHERE tenant = $tenant;";
        if (tenant is not null)
            command.Parameters.AddWithValue("$tenant", tenant);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
