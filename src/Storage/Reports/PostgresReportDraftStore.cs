using Lepton.Monitor.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IReportDraftStore"/> for cluster mode (migration 5): the same rows, versions and audit entries
/// as <see cref="SqliteReportDraftStore"/>; a replace is one conditional UPDATE, so two processes editing one draft
/// at once cannot both win.
/// </summary>
public sealed class PostgresReportDraftStore(NpgsqlDataSource dataSource, TimeProvider? time = null) : IReportDraftStore
{
    private const string Columns = "id, tenant, type, status, version, updated_at, review_due_at, document::text";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task InsertAsync(StoredReportDraft draft, AuditEvent audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        if (draft.Version != 1)
            throw new ArgumentException("a new draft starts at version 1", nameof(draft));
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO report_drafts (id, tenant, type, status, version, updated_at, review_due_at, document)
            VALUES (@id, @tenant, @type, @status, @version, @updatedAt, @reviewDueAt, @document)
            """, connection, transaction))
        {
            Bind(insert, draft);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await PostgresAuditLog.AppendAsync(connection, transaction, [audit], _time.GetUtcNow(), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<StoredReportDraft?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM report_drafts WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAllAsync(command, ct).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<bool> ReplaceAsync(StoredReportDraft draft, long expectedVersion, AuditEvent audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        if (draft.Version != expectedVersion + 1)
            throw new ArgumentException("a changed draft carries the version it replaces + 1", nameof(draft));
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var update = new NpgsqlCommand("""
            UPDATE report_drafts SET type = @type, status = @status, version = @version, updated_at = @updatedAt,
                review_due_at = @reviewDueAt, document = @document
            WHERE id = @id AND tenant = @tenant AND version = @expected
            """, connection, transaction))
        {
            Bind(update, draft);
            update.Parameters.AddWithValue("expected", expectedVersion);
            if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                return false;
        }
        await PostgresAuditLog.AppendAsync(connection, transaction, [audit], _time.GetUtcNow(), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<Page<StoredReportDraft>> ListAsync(ReportDraftQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.ValidatePageSize(query.PageSize);
        var before = Paging.DecodeCursor(query.Cursor);
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM report_drafts
            WHERE (@tenant::text IS NULL OR tenant = @tenant) AND (@status::text IS NULL OR status = @status)
              AND (@due::bigint IS NULL OR review_due_at <= @due) AND (@before::text IS NULL OR id COLLATE "C" < @before)
              AND (@alert::text IS NULL OR document->'alertIds' @> jsonb_build_array(@alert::text))
            ORDER BY id COLLATE "C" DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", NpgsqlDbType.Text, (object?)query.Tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("status", NpgsqlDbType.Text, (object?)query.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("due", NpgsqlDbType.Bigint, query.ReviewDueBy is { } due ? StoredTime.ToTicks(due) : DBNull.Value);
        command.Parameters.AddWithValue("before", NpgsqlDbType.Text, (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("alert", NpgsqlDbType.Text, (object?)query.AlertId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", query.PageSize + 1);
        return ReportDraftRows.ToPage(await ReadAllAsync(command, ct).ConfigureAwait(false), query.PageSize);
    }

    private static void Bind(NpgsqlCommand command, StoredReportDraft draft)
    {
        var p = command.Parameters;
        p.AddWithValue("id", draft.Id);
        p.AddWithValue("tenant", draft.Tenant);
        p.AddWithValue("type", draft.Type);
        p.AddWithValue("status", draft.Status);
        p.AddWithValue("version", draft.Version);
        p.AddWithValue("updatedAt", StoredTime.ToTicks(draft.UpdatedAt));
        p.AddWithValue("reviewDueAt", NpgsqlDbType.Bigint, draft.ReviewDueAt is { } due ? StoredTime.ToTicks(due) : DBNull.Value);
        p.AddWithValue("document", NpgsqlDbType.Jsonb, PostgresText.JsonWithoutNul(draft.Document));
    }

    private static async Task<List<StoredReportDraft>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<StoredReportDraft>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(new StoredReportDraft(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                StoredTime.FromTicks(reader.GetInt64(5)), reader.IsDBNull(6) ? null : StoredTime.FromTicks(reader.GetInt64(6)),
                reader.GetString(7)));
        }
        return rows;
    }
}
