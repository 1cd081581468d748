using System.Data.Common;
using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>Maps <c>silences</c> rows to <see cref="Silence"/> for both backends (matchers read as JSON text from either).</summary>
internal static class SilenceRows
{
    public const string Columns = "id, tenant, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at";

    public static Silence Read(DbDataReader reader) => new(
        Id: reader.GetString(0),
        Tenant: reader.GetString(1),
        Matchers: JsonSerializer.Deserialize<SilenceMatcher[]>(reader.GetString(2), StorageJson.Options) ?? [],
        StartsAt: StoredTime.FromTicks(reader.GetInt64(3)),
        EndsAt: StoredTime.FromTicks(reader.GetInt64(4)),
        CreatedBy: reader.GetString(5),
        Comment: reader.GetString(6),
        CreatedAt: StoredTime.FromTicks(reader.GetInt64(7)),
        UpdatedAt: StoredTime.FromTicks(reader.GetInt64(8)));

    public static string MatchersJson(Silence silence) => JsonSerializer.Serialize(silence.Matchers, StorageJson.Options);

    /// <summary>What a silence's creation records in the audit log.</summary>
    public static AuditEvent Created(Silence silence, string actor) => new(actor, silence.Tenant, SqliteSilenceStore.CreatedAction, silence.Id, new
    {
        matchers = silence.Matchers.Select(m => m.ToString()).ToArray(),
        startsAt = silence.StartsAt,
        endsAt = silence.EndsAt,
        createdBy = silence.CreatedBy,
        comment = silence.Comment,
    });

    /// <summary>The silence <paramref name="current"/> ended early at <paramref name="now"/>: a pending one never starts (Alertmanager sets both ends to now).</summary>
    public static Silence ExpiredEarly(Silence current, DateTimeOffset now) =>
        current with { StartsAt = current.StartsAt < now ? current.StartsAt : now, EndsAt = now, UpdatedAt = now };

    /// <summary>What ending a silence by request records in the audit log.</summary>
    public static AuditEvent ExpiredByRequest(Silence current, string actor, DateTimeOffset now) => new(actor, current.Tenant, SqliteSilenceStore.ExpiredAction, current.Id, new
    {
        reason = "expired by request",
        endsAtBefore = current.EndsAt,
        endsAt = now,
    });

    /// <summary>What a silence whose end simply passed records when its alerts are released (nobody expired it).</summary>
    public static AuditEvent EndPassed(string id, string tenant, long endsAtTicks) => new(SqliteAlertStore.SystemActor, tenant, SqliteSilenceStore.ExpiredAction, id, new
    {
        reason = "endsAt passed",
        endsAt = StoredTime.FromTicks(endsAtTicks),
    });

    /// <summary>The page from rows read with a limit of <paramref name="pageSize"/> + 1, newest first by id.</summary>
    public static Page<Silence> ToPage(List<Silence> items, int pageSize)
    {
        string? next = null;
        if (items.Count > pageSize)
        {
            items.RemoveAt(items.Count - 1);
            next = Paging.EncodeCursor(items[^1].Id);
        }
        return new Page<Silence>(items, next);
    }
}
