using System.Data.Common;
using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Maps webhook rows to records for both backends (SQLite and PostgreSQL readers are both <see cref="DbDataReader"/>;
/// JSON columns read as text from either, flags as an integer or a boolean).
/// </summary>
internal static class WebhookRows
{
    /// <summary>The columns <see cref="ReadSubscription"/> reads, in its order; <c>after_seq</c> is ordinal 13.</summary>
    public const string SubscriptionColumns = """
        id, tenant, url, filter, types, enabled, disabled_reason, disabled_at, created_at, created_by,
        previous_secret_until, failing_since, last_success_at, after_seq, grouping
        """;

    /// <summary>The columns <see cref="ReadDue"/> reads, in its order (d = webhook_deliveries, s = webhook_subscriptions).</summary>
    public const string DueColumns = """
        d.id, d.subscription_id, d.tenant, s.url, d.type, d.event_at, d.body, d.round_attempts,
        s.secret, s.previous_secret, s.previous_secret_until, s.failing_since
        """;

    /// <summary>The columns <see cref="ReadAttempt"/> reads from <c>webhook_attempts</c>, in its order.</summary>
    public const string AttemptColumns = "at, status_code, error, duration_ms";

    public static WebhookSubscription ReadSubscription(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            JsonSerializer.Deserialize<WebhookFilter>(reader.GetString(3), StorageJson.Options) ?? new WebhookFilter(),
            JsonSerializer.Deserialize<string[]>(reader.GetString(4), StorageJson.Options) ?? [],
            Convert.ToBoolean(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
            StoredTime.FromTicks(reader.GetInt64(8)), reader.IsDBNull(9) ? null : reader.GetString(9))
        {
            DisabledReason = reader.IsDBNull(6) ? null : reader.GetString(6),
            DisabledAt = OptionalTime(reader, 7),
            PreviousSecretValidUntil = OptionalTime(reader, 10),
            FailingSince = OptionalTime(reader, 11),
            LastSuccessAt = OptionalTime(reader, 12),
            Group = reader.IsDBNull(14) ? null : JsonSerializer.Deserialize<WebhookGrouping>(reader.GetString(14), StorageJson.Options),
        };

    public static DueDelivery ReadDue(DbDataReader reader)
    {
        var secrets = new WebhookSigningSecrets(reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9), OptionalTime(reader, 10));
        return new DueDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            StoredTime.FromTicks(reader.GetInt64(5)), reader.GetString(6), reader.GetInt32(7), secrets, OptionalTime(reader, 11));
    }

    /// <summary>Reads <see cref="AttemptColumns"/> starting at <paramref name="first"/>.</summary>
    public static WebhookAttempt ReadAttempt(DbDataReader reader, int first = 0) =>
        new(StoredTime.FromTicks(reader.GetInt64(first)), reader.IsDBNull(first + 1) ? null : reader.GetInt32(first + 1),
            reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2), reader.GetInt64(first + 3));

    /// <summary>The delivery log's row (without attempts); <c>next_attempt_at</c> is shown only while pending.</summary>
    public const string DeliveryColumns = "id, type, event_seq, alert_id, state, event_at, created_at, next_attempt_at, delivered_at, last_error";

    public static WebhookDelivery ReadDelivery(DbDataReader reader, string subscriptionId, IReadOnlyList<WebhookAttempt> attempts)
    {
        var state = reader.GetString(4);
        return new WebhookDelivery(reader.GetString(0), subscriptionId, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), state, StoredTime.FromTicks(reader.GetInt64(5)), StoredTime.FromTicks(reader.GetInt64(6)),
            state == WebhookDeliveryStates.Pending ? StoredTime.FromTicks(reader.GetInt64(7)) : null, OptionalTime(reader, 8),
            reader.IsDBNull(9) ? null : reader.GetString(9), attempts);
    }

    /// <summary>What the delivery log shows as the last error of a failed attempt.</summary>
    public static string? Describe(WebhookAttempt attempt) =>
        attempt.Error ?? (attempt.StatusCode is { } code ? $"HTTP {code}" : null);

    /// <summary>The delivery's state after an attempt that ended in <paramref name="next"/>.</summary>
    public static string StateAfter(DeliveryNext next) => next switch
    {
        DeliveryNext.Delivered => WebhookDeliveryStates.Delivered,
        DeliveryNext.Retry => WebhookDeliveryStates.Pending,
        _ => WebhookDeliveryStates.Dead,
    };

    /// <summary>A webhook-id: <c>msg_</c> and a sortable id, so the delivery log pages newest first by it.</summary>
    public static string NewMessageId(DateTimeOffset now) => SortableId.New("msg_", now);

    /// <summary>The page from rows read with a limit of <paramref name="pageSize"/> + 1 (newest first by a text key).</summary>
    public static Page<T> ToPage<T>(List<T> items, int pageSize, Func<T, string> key)
    {
        if (items.Count <= pageSize)
            return new Page<T>(items, null);
        items.RemoveAt(items.Count - 1);
        return new Page<T>(items, Paging.EncodeCursor(key(items[^1])));
    }

    public static DateTimeOffset? OptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StoredTime.FromTicks(reader.GetInt64(ordinal));
}
