using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>SQLite <see cref="IReportDraftStore"/> (migration 12); writes go through the database's one writer.</summary>
public sealed class SqliteReportDraftStore(LeptonDatabase db, TimeProvider? time = null) : IReportDraftStore
{
    private const string Columns = "id, tenant, type, status, version, updated_at, review_due_at, document";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task InsertAsync(StoredReportDraft draft, AuditEvent audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        if (draft.Version != 1)
            throw new ArgumentException("a new draft starts at version 1", nameof(draft));
        return db.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO report_drafts ({Columns}) VALUES ($id, $tenant, $type, $status, $version, $updatedAt, $reviewDueAt, $document);";
            Bind(insert, draft);
            insert.ExecuteNonQuery();
            SqliteAuditLog.Append(connection, transaction, audit, _time.GetUtcNow());
        }, ct);
    }

    public Task<StoredReportDraft?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM report_drafts WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    public Task<bool> ReplaceAsync(StoredReportDraft draft, long expectedVersion, AuditEvent audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        if (draft.Version != expectedVersion + 1)
            throw new ArgumentException("a changed draft carries the version it replaces + 1", nameof(draft));
        return db.WriteAsync((connection, transaction) =>
        {
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE report_drafts SET type = $type, status = $status, version = $version, updated_at = $updatedAt,
                    review_due_at = $reviewDueAt, document = $document
                WHERE id = $id AND tenant = $tenant AND version = $expected;
                """;
            Bind(update, draft);
            update.Parameters.AddWithValue("$expected", expectedVersion);
            if (update.ExecuteNonQuery() == 0)
                return false;
            SqliteAuditLog.Append(connection, transaction, audit, _time.GetUtcNow());
            return true;
        }, ct);
    }

    public Task<Page<StoredReportDraft>> ListAsync(ReportDraftQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.ValidatePageSize(query.PageSize);
        var before = Paging.DecodeCursor(query.Cursor);
        ct.ThrowIfCancellationRequested();
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Tenant is not null)
        {
            where.Add("tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", query.Tenant);
        }
        if (query.Status is not null)
        {
            where.Add("status = $status");
            command.Parameters.AddWithValue("$status", query.Status);
        }
        if (query.ReviewDueBy is { } due)
        {
            where.Add("review_due_at <= $due");
            command.Parameters.AddWithValue("$due", StoredTime.ToTicks(due));
        }
        if (query.AlertId is not null)
        {
            // A scan of the tenant's drafts, not an index: drafts are few next to alerts.
            where.Add("EXISTS (SELECT 1 FROM json_each(document, '$.alertIds') WHERE value = $alert)");
            command.Parameters.AddWithValue("$alert", query.AlertId);
        }
        if (before is not null)
        {
            where.Add("id < $before");
            command.Parameters.AddWithValue("$before", before);
        }
        command.CommandText = $"""
            SELECT {Columns} FROM report_drafts
            {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        return Task.FromResult(ReportDraftRows.ToPage(ReadAll(command), query.PageSize));
    }

    private static void Bind(SqliteCommand command, StoredReportDraft draft)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", draft.Id);
        p.AddWithValue("$tenant", draft.Tenant);
        p.AddWithValue("$type", draft.Type);
        p.AddWithValue("$status", draft.Status);
        p.AddWithValue("$version", draft.Version);
        p.AddWithValue("$updatedAt", StoredTime.ToTicks(draft.UpdatedAt));
        p.AddWithValue("$reviewDueAt", draft.ReviewDueAt is { } due ? StoredTime.ToTicks(due) : DBNull.Value);
        p.AddWithValue("$document", draft.Document);
    }

    private static List<StoredReportDraft> ReadAll(SqliteCommand command)
    {
        var rows = new List<StoredReportDraft>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new StoredReportDraft(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                StoredTime.FromTicks(reader.GetInt64(5)), reader.IsDBNull(6) ? null : StoredTime.FromTicks(reader.GetInt64(6)),
                reader.GetString(7)));
        }
        return rows;
    }
}
