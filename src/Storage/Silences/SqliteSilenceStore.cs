using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>SQLite <see cref="ISilenceStore"/> (table <c>silences</c>, migration 7). Ids are <c>sil-</c> + a <see cref="SortableId"/>.</summary>
public sealed class SqliteSilenceStore(LeptonDatabase db, TimeProvider? time = null) : ISilenceStore
{
    public const string IdPrefix = "sil-";
    public const string CreatedAction = "silence.created";
    public const string ExpiredAction = "silence.expired";

    private const string Columns = SilenceRows.Columns;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public static string NewId(DateTimeOffset now) => SortableId.New(IdPrefix, now);

    public async Task<Silence> CreateAsync(Silence silence, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(silence);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        await db.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO silences ({Columns}) VALUES ($id, $tenant, $matchers, $startsAt, $endsAt, $createdBy, $comment, $createdAt, $updatedAt);
                """;
            var p = insert.Parameters;
            p.AddWithValue("$id", silence.Id);
            p.AddWithValue("$tenant", silence.Tenant);
            p.AddWithValue("$matchers", SilenceRows.MatchersJson(silence));
            p.AddWithValue("$startsAt", StoredTime.ToTicks(silence.StartsAt));
            p.AddWithValue("$endsAt", StoredTime.ToTicks(silence.EndsAt));
            p.AddWithValue("$createdBy", silence.CreatedBy);
            p.AddWithValue("$comment", silence.Comment);
            p.AddWithValue("$createdAt", StoredTime.ToTicks(silence.CreatedAt));
            p.AddWithValue("$updatedAt", StoredTime.ToTicks(silence.UpdatedAt));
            insert.ExecuteNonQuery();
            SqliteAuditLog.Append(connection, transaction, SilenceRows.Created(silence, actor), _time.GetUtcNow());
        }, ct).ConfigureAwait(false);
        return silence.At(_time.GetUtcNow());
    }

    public Task<Silence?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = db.OpenReadConnection();
        return Task.FromResult(Get(connection, null, id)?.At(_time.GetUtcNow()));
    }

    public Task<Page<Silence>> ListAsync(SilenceQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.ValidatePageSize(query.PageSize);
        var before = Paging.DecodeCursor(query.Cursor);
        ct.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();

        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Tenant is not null)
        {
            where.Add("tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", query.Tenant);
        }
        if (before is not null)
        {
            where.Add("id < $before");
            command.Parameters.AddWithValue("$before", before);
        }
        switch (query.State)
        {
            case SilenceState.Pending:
                where.Add("starts_at > $now");
                break;
            case SilenceState.Active:
                where.Add("starts_at <= $now AND ends_at > $now");
                break;
            case SilenceState.Expired:
                where.Add("ends_at <= $now");
                break;
        }
        command.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
        command.CommandText = $"""
            SELECT {Columns} FROM silences
            {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        return Task.FromResult(SilenceRows.ToPage(ReadAll(command).Select(s => s.At(now)).ToList(), query.PageSize));
    }

    public async Task<Silence?> ExpireAsync(string id, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var silence = await db.WriteAsync((connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            var current = Get(connection, transaction, id);
            if (current is null || current.EndsAt <= now)
                return current;
            var expired = SilenceRows.ExpiredEarly(current, now);
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE silences SET starts_at = $startsAt, ends_at = $endsAt, updated_at = $now, expired_by = $actor WHERE id = $id;";
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$startsAt", StoredTime.ToTicks(expired.StartsAt));
            update.Parameters.AddWithValue("$endsAt", StoredTime.ToTicks(expired.EndsAt));
            update.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            update.Parameters.AddWithValue("$actor", actor);
            update.ExecuteNonQuery();
            SqliteAuditLog.Append(connection, transaction, SilenceRows.ExpiredByRequest(current, actor, now), now);
            return expired;
        }, ct).ConfigureAwait(false);
        return silence?.At(_time.GetUtcNow());
    }

    public Task<IReadOnlyList<Silence>> ListLiveAsync(DateTimeOffset now, CancellationToken ct = default) => ListWhere("ends_at > $now", now);

    /// <summary>
    /// Read under the single writer: an upsert that asked the matcher before its refresh has committed by then, and
    /// every later one asks the refreshed matcher, so no new alert slips between the two.
    /// </summary>
    public Task<IReadOnlyList<Alert>> ListSuppressibleAsync(string tenant, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return ReadAlertsBehindWriterAsync("a.tenant = $value AND a.status IN ('open', 'acknowledged')", tenant, ct);
    }

    public Task<IReadOnlyList<Alert>> ListSuppressedByAsync(string tenant, string silenceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(silenceId);
        return ReadAlertsBehindWriterAsync("a.silenced_by = $value AND a.status = 'suppressed'", silenceId, ct);
    }

    private Task<IReadOnlyList<Alert>> ReadAlertsBehindWriterAsync(string condition, string value, CancellationToken ct) =>
        db.WriteAsync<IReadOnlyList<Alert>>((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT {AlertRows.Columns} FROM alerts a WHERE {condition};";
            command.Parameters.AddWithValue("$value", value);
            return AlertRows.ReadAll(command);
        }, ct);

    public Task<IReadOnlyList<Silence>> ListStartedUnappliedAsync(DateTimeOffset now, CancellationToken ct = default) =>
        ListWhere("applied_at IS NULL AND starts_at <= $now AND ends_at > $now", now);

    public Task<IReadOnlyList<Silence>> ListEndedUnreleasedAsync(DateTimeOffset now, CancellationToken ct = default) =>
        ListWhere("released_at IS NULL AND ends_at <= $now", now);

    public Task MarkAppliedAsync(string id, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE silences SET applied_at = $now WHERE id = $id AND applied_at IS NULL;";
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$now", StoredTime.ToTicks(_time.GetUtcNow()));
            update.ExecuteNonQuery();
        }, ct);

    public Task MarkReleasedAsync(string id, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT tenant, ends_at, expired_by, released_at FROM silences WHERE id = $id;";
            select.Parameters.AddWithValue("$id", id);
            string tenant;
            long endsAt;
            bool expiredBySomeone, released;
            using (var reader = select.ExecuteReader())
            {
                if (!reader.Read())
                    return;
                (tenant, endsAt, expiredBySomeone, released) = (reader.GetString(0), reader.GetInt64(1), !reader.IsDBNull(2), !reader.IsDBNull(3));
            }
            if (released)
                return;
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE silences SET released_at = $now, expired_by = COALESCE(expired_by, $system) WHERE id = $id;";
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            update.Parameters.AddWithValue("$system", SqliteAlertStore.SystemActor);
            update.ExecuteNonQuery();
            if (!expiredBySomeone)
            {
                SqliteAuditLog.Append(connection, transaction, SilenceRows.EndPassed(id, tenant, endsAt), now);
            }
        }, ct);

    private Task<IReadOnlyList<Silence>> ListWhere(string condition, DateTimeOffset now)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM silences WHERE {condition} ORDER BY id;";
        command.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
        IReadOnlyList<Silence> silences = ReadAll(command).Select(s => s.At(now)).ToList();
        return Task.FromResult(silences);
    }

    private static Silence? Get(SqliteConnection connection, SqliteTransaction? transaction, string id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM silences WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return ReadAll(command).SingleOrDefault();
    }

    private static List<Silence> ReadAll(SqliteCommand command)
    {
        var silences = new List<Silence>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            silences.Add(SilenceRows.Read(reader));
        return silences;
    }
}
