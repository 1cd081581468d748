using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>SQLite <see cref="ISilenceStore"/> (table <c>silences</c>, migration 7). Ids are <c>sil-</c> + a <see cref="SortableId"/>.</summary>
public sealed class SqliteSilenceStore(LeptonDatabase db, TimeProvider? time = null) : ISilenceStore
{
    public const string IdPrefix = "sil-";
    public const string CreatedAction = "silence.created";
    public const string ExpiredAction = "silence.expired";

    private const string Columns = "id, tenant, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at";

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
            p.AddWithValue("$matchers", JsonSerializer.Serialize(silence.Matchers, StorageJson.Options));
            p.AddWithValue("$startsAt", StoredTime.ToTicks(silence.StartsAt));
            p.AddWithValue("$endsAt", StoredTime.ToTicks(silence.EndsAt));
            p.AddWithValue("$createdBy", silence.CreatedBy);
            p.AddWithValue("$comment", silence.Comment);
            p.AddWithValue("$createdAt", StoredTime.ToTicks(silence.CreatedAt));
            p.AddWithValue("$updatedAt", StoredTime.ToTicks(silence.UpdatedAt));
            insert.ExecuteNonQuery();
            SqliteAuditLog.Append(connection, transaction, new AuditEvent(actor, silence.Tenant, CreatedAction, silence.Id, new
            {
                matchers = silence.Matchers.Select(m => m.ToString()).ToArray(),
                startsAt = silence.StartsAt,
                endsAt = silence.EndsAt,
                createdBy = silence.CreatedBy,
                comment = silence.Comment,
            }), _time.GetUtcNow());
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
        var items = ReadAll(command).Select(s => s.At(now)).ToList();
        string? next = null;
        if (items.Count > query.PageSize)
        {
            items.RemoveAt(items.Count - 1);
            next = Paging.EncodeCursor(items[^1].Id);
        }
        return Task.FromResult(new Page<Silence>(items, next));
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
            // A pending silence expired early never starts: Alertmanager sets both ends to now.
            var expired = current with { StartsAt = current.StartsAt < now ? current.StartsAt : now, EndsAt = now, UpdatedAt = now };
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE silences SET starts_at = $startsAt, ends_at = $endsAt, updated_at = $now, expired_by = $actor WHERE id = $id;";
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$startsAt", StoredTime.ToTicks(expired.StartsAt));
            update.Parameters.AddWithValue("$endsAt", StoredTime.ToTicks(expired.EndsAt));
            update.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            update.Parameters.AddWithValue("$actor", actor);
            update.ExecuteNonQuery();
            SqliteAuditLog.Append(connection, transaction, new AuditEvent(actor, current.Tenant, ExpiredAction, id, new
            {
                reason = "expired by request",
                endsAtBefore = current.EndsAt,
                endsAt = now,
            }), now);
            return expired;
        }, ct).ConfigureAwait(false);
        return silence?.At(_time.GetUtcNow());
    }

    public IReadOnlyList<Silence> ListLive(DateTimeOffset now)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM silences WHERE ends_at > $now ORDER BY id;";
        command.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
        return ReadAll(command).Select(s => s.At(now)).ToList();
    }

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
                SqliteAuditLog.Append(connection, transaction, new AuditEvent(SqliteAlertStore.SystemActor, tenant, ExpiredAction, id, new
                {
                    reason = "endsAt passed",
                    endsAt = StoredTime.FromTicks(endsAt),
                }), now);
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
        {
            silences.Add(new Silence(
                Id: reader.GetString(0),
                Tenant: reader.GetString(1),
                Matchers: JsonSerializer.Deserialize<SilenceMatcher[]>(reader.GetString(2), StorageJson.Options) ?? [],
                StartsAt: StoredTime.FromTicks(reader.GetInt64(3)),
                EndsAt: StoredTime.FromTicks(reader.GetInt64(4)),
                CreatedBy: reader.GetString(5),
                Comment: reader.GetString(6),
                CreatedAt: StoredTime.FromTicks(reader.GetInt64(7)),
                UpdatedAt: StoredTime.FromTicks(reader.GetInt64(8))));
        }
        return silences;
    }
}
