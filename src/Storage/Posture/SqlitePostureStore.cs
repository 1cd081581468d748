using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>SQLite <see cref="IPostureStore"/> (migration 13); writes go through the database's one writer.</summary>
public sealed class SqlitePostureStore(LeptonDatabase db, TimeProvider? time = null) : IPostureStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task PutDocumentAsync(string tenant, string kind, string key, string document, AuditEvent audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return db.WriteAsync((connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO posture_documents (tenant, kind, key, document, updated_at) VALUES ($tenant, $kind, $key, $document, $at)
                ON CONFLICT (tenant, kind, key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at;
                """;
            upsert.Parameters.AddWithValue("$tenant", tenant);
            upsert.Parameters.AddWithValue("$kind", kind);
            upsert.Parameters.AddWithValue("$key", key);
            upsert.Parameters.AddWithValue("$document", document);
            upsert.Parameters.AddWithValue("$at", StoredTime.ToTicks(now));
            upsert.ExecuteNonQuery();
            SqliteAuditLog.Append(connection, transaction, audit, now);
        }, ct);
    }

    public Task<string?> GetDocumentAsync(string tenant, string kind, string key, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM posture_documents WHERE tenant = $tenant AND kind = $kind AND key = $key;";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$key", key);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    public Task<IReadOnlyList<(string Key, string Document)>> ListDocumentsAsync(string tenant, string kind, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, document FROM posture_documents WHERE tenant = $tenant AND kind = $kind ORDER BY key;";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$kind", kind);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetString(1)));
        return Task.FromResult<IReadOnlyList<(string Key, string Document)>>(rows);
    }

    public Task AppendSnapshotAsync(string tenant, string jurisdiction, DateTimeOffset at, string finalClass, string document, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO posture_snapshots (tenant, jurisdiction, at, final_class, document) VALUES ($tenant, $jurisdiction, $at, $class, $document);
                """;
            insert.Parameters.AddWithValue("$tenant", tenant);
            insert.Parameters.AddWithValue("$jurisdiction", jurisdiction);
            insert.Parameters.AddWithValue("$at", StoredTime.ToTicks(at));
            insert.Parameters.AddWithValue("$class", finalClass);
            insert.Parameters.AddWithValue("$document", document);
            insert.ExecuteNonQuery();
        }, ct);

    public Task<IReadOnlyList<StoredPostureSnapshot>> ListSnapshotsAsync(string tenant, string? jurisdiction, int max, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, tenant, jurisdiction, at, final_class, document FROM posture_snapshots
            WHERE tenant = $tenant AND ($jurisdiction IS NULL OR jurisdiction = $jurisdiction)
            ORDER BY seq DESC LIMIT $max;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$jurisdiction", (object?)jurisdiction ?? DBNull.Value);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredPostureSnapshot>();
        while (reader.Read())
            rows.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), StoredTime.FromTicks(reader.GetInt64(3)), reader.GetString(4), reader.GetString(5)));
        return Task.FromResult<IReadOnlyList<StoredPostureSnapshot>>(rows);
    }
}
