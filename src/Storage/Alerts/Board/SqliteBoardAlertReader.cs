namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IBoardAlertReader"/> on the embedded store. Reads the board's rows from the <c>alerts</c> table: read-only, newest first by id (creation order), paged by id,
/// served by the (tenant, status, id) and (status, id) indexes. Only the explanation's summary is taken out of its
/// JSON, by SQLite itself; record ids and comments are never read.
/// </summary>
public sealed class SqliteBoardAlertReader(LeptonDatabase db) : IBoardAlertReader
{
    private const string Columns = """
        a.id, a.version, a.tenant, a.jurisdiction, a.kind, a.rule_id, a.rule_kind, a.severity, a.status, a.disposition,
        a.entity, a.count, a.first_seen, a.last_seen, a.updated_at, a.assignee, json_extract(a.explanation, '$.summary'),
        a.snoozed_until, a.pending_resolution IS NOT NULL
        """;

    public Task<BoardAlertPage> ReadAsync(BoardAlertQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, BoardAlertQuery.MaxPageSize);
        var before = Paging.DecodeCursor(query.Cursor);
        ct.ThrowIfCancellationRequested();

        using var connection = db.OpenReadConnection();
        // One read transaction: the feed position, the count and the rows come from the same snapshot of the database.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var where = new List<string>();
        void Filter(string condition, string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
                return;
            where.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }
        Filter("a.tenant = $tenant", "$tenant", query.Tenant);
        Filter("a.jurisdiction = $jurisdiction", "$jurisdiction", query.Jurisdiction);
        Filter("a.kind = $kind", "$kind", query.Kind);
        Filter("a.severity = $severity", "$severity", query.Severity);
        if (query.Statuses.Count > 0)
        {
            var names = query.Statuses.Distinct(StringComparer.Ordinal).Select((s, i) => (Name: $"$status{i}", Status: s)).ToList();
            where.Add($"a.status IN ({string.Join(", ", names.Select(n => n.Name))})");
            foreach (var (name, status) in names)
                command.Parameters.AddWithValue(name, status);
        }
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);

        long? position = null;
        int? total = null;
        if (before is null)
        {
            command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM alert_events;";
            position = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = $"SELECT COUNT(*) FROM alerts a {filter};";
            total = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (before is not null)
        {
            filter += (filter.Length == 0 ? "WHERE " : " AND ") + "a.id < $before";
            command.Parameters.AddWithValue("$before", before);
        }
        command.CommandText = $"SELECT {Columns} FROM alerts a {filter} ORDER BY a.id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        var rows = new List<BoardAlertRow>(Math.Min(query.PageSize + 1, 1024));
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                rows.Add(BoardAlertRows.Read(reader));
        }
        string? next = null;
        if (rows.Count > query.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = Paging.EncodeCursor(rows[^1].Id);
        }
        return Task.FromResult(new BoardAlertPage(rows, next, position, total));
    }
}
