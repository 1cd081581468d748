using Lepton.Monitor.Storage.Postgres;
using Npgsql;

namespace Lepton.Monitor.Storage;

/// <summary>PostgreSQL <see cref="IPostureStore"/> for cluster mode (migration 6): the same rows as <see cref="SqlitePostureStore"/>.</summary>
public sealed class PostgresPostureStore(NpgsqlDataSource dataSource, TimeProvider? time = null) : IPostureStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task PutDocumentAsync(string tenant, string kind, string key, string document, AuditEvent audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var now = _time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO posture_documents (tenant, kind, key, document, updated_at) VALUES (@tenant, @kind, @key, @document, @at)
            ON CONFLICT (tenant, kind, key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("tenant", tenant);
            upsert.Parameters.AddWithValue("kind", kind);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("document", PostgresText.WithoutNul(document)!);
            upsert.Parameters.AddWithValue("at", StoredTime.ToTicks(now));
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await PostgresAuditLog.AppendAsync(connection, transaction, [audit], now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<string?> GetDocumentAsync(string tenant, string kind, string key, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT document FROM posture_documents WHERE tenant = @tenant AND kind = @kind AND key = @key");
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlyList<(string Key, string Document)>> ListDocumentsAsync(string tenant, string kind, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT key, document FROM posture_documents WHERE tenant = @tenant AND kind = @kind ORDER BY key COLLATE \"C\"");
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("kind", kind);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    public async Task AppendSnapshotAsync(string tenant, string jurisdiction, DateTimeOffset at, string finalClass, string document, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO posture_snapshots (tenant, jurisdiction, at, final_class, document) VALUES (@tenant, @jurisdiction, @at, @class, @document)
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("jurisdiction", jurisdiction);
        command.Parameters.AddWithValue("at", StoredTime.ToTicks(at));
        command.Parameters.AddWithValue("class", finalClass);
        command.Parameters.AddWithValue("document", PostgresText.WithoutNul(document)!);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredPostureSnapshot>> ListSnapshotsAsync(string tenant, string? jurisdiction, int max, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, tenant, jurisdiction, at, final_class, document FROM posture_snapshots
            WHERE tenant = @tenant AND (@jurisdiction::text IS NULL OR jurisdiction = @jurisdiction::text)
            ORDER BY seq DESC LIMIT @max
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("jurisdiction", NpgsqlTypes.NpgsqlDbType.Text, (object?)jurisdiction ?? DBNull.Value);
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<StoredPostureSnapshot>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), StoredTime.FromTicks(reader.GetInt64(3)), reader.GetString(4), reader.GetString(5)));
        return rows;
    }
}
