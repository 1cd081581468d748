using System.Data;
using System.Globalization;
using Npgsql;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IBoardAlertReader"/> on PostgreSQL, the same rows, order and cursors as <see cref="SqliteBoardAlertReader"/>.
/// The first page reads the feed position, the count and the rows in one REPEATABLE READ transaction (one snapshot);
/// the event log commits in seq order (<see cref="PostgresAlertEventLog"/>), so every change after that position is
/// still to come on the stream even with writers in other processes.
/// </summary>
public sealed class PostgresBoardAlertReader(NpgsqlDataSource dataSource) : IBoardAlertReader
{
    private const string Columns = """
        a.id, a.version, a.tenant, a.jurisdiction, a.kind, a.rule_id, a.rule_kind, a.severity, a.status, a.disposition,
        a.entity, a.count, a.first_seen, a.last_seen, a.updated_at, a.assignee, a.explanation ->> 'summary',
        a.snoozed_until, a.pending_resolution IS NOT NULL
        """;

    public async Task<BoardAlertPage> ReadAsync(BoardAlertQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, BoardAlertQuery.MaxPageSize);
        var before = Paging.DecodeCursor(query.Cursor);

        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var where = new List<string>();
        void Filter(string condition, string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
                return;
            where.Add(condition);
            command.Parameters.Add(PostgresAlertUpsertRows.Text(name, value));
        }
        Filter("a.tenant = @tenant", "tenant", query.Tenant);
        Filter("a.jurisdiction = @jurisdiction", "jurisdiction", query.Jurisdiction);
        Filter("a.kind = @kind", "kind", query.Kind);
        Filter("a.severity = @severity", "severity", query.Severity);
        if (query.Statuses.Count > 0)
        {
            where.Add("a.status = ANY(@statuses)");
            command.Parameters.Add(PostgresAlertUpsertRows.TextArray("statuses", query.Statuses.Distinct(StringComparer.Ordinal)));
        }
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);

        long? position = null;
        int? total = null;
        if (before is null)
        {
            command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM alert_events";
            position = Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            command.CommandText = $"SELECT COUNT(*) FROM alerts a {filter}";
            total = Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        else
        {
            filter += (filter.Length == 0 ? "WHERE " : " AND ") + "a.id < @before";
            command.Parameters.Add(PostgresAlertUpsertRows.Text("before", before));
        }
        command.CommandText = $"SELECT {Columns} FROM alerts a {filter} ORDER BY a.id DESC LIMIT @limit";
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("limit", query.PageSize + 1L));
        var rows = new List<BoardAlertRow>(Math.Min(query.PageSize + 1, 1024));
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                rows.Add(BoardAlertRows.Read(reader));
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        string? next = null;
        if (rows.Count > query.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = Paging.EncodeCursor(rows[^1].Id);
        }
        return new BoardAlertPage(rows, next, position, total);
    }
}
