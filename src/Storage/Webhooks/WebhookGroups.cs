using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>The open groups of grouped subscriptions (table <c>webhook_groups</c>), changed inside the store's write transactions.</summary>
internal static class WebhookGroups
{
    /// <summary>Adds, updates or removes an alert of its group and moves the group's next send as <see cref="WebhookGrouping"/> says.</summary>
    public static void Apply(SqliteConnection connection, SqliteTransaction transaction, GroupChange change, DateTimeOffset now)
    {
        WebhookGrouping? grouping;
        using (var read = SqliteWebhookStore.Command(connection, transaction, "SELECT grouping FROM webhook_subscriptions WHERE id = $id AND enabled = 1;"))
        {
            read.Parameters.AddWithValue("$id", change.SubscriptionId);
            if (read.ExecuteScalar() is not string json)
                return; // deleted or disabled meanwhile
            grouping = JsonSerializer.Deserialize<WebhookGrouping>(json, StorageJson.Options);
        }
        if (grouping is null)
            return;

        JsonObject? alerts = null;
        long? lastSent = null;
        long flushAt = 0;
        using (var read = SqliteWebhookStore.Command(connection, transaction,
            "SELECT alerts, last_sent_at, flush_at FROM webhook_groups WHERE subscription_id = $sub AND group_key = $key;"))
        {
            read.Parameters.AddWithValue("$sub", change.SubscriptionId);
            read.Parameters.AddWithValue("$key", change.GroupKey);
            using var reader = read.ExecuteReader();
            if (reader.Read())
            {
                alerts = JsonNode.Parse(reader.GetString(0))!.AsObject();
                lastSent = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                flushAt = reader.GetInt64(2);
            }
        }
        var exists = alerts is not null;
        alerts ??= [];
        var nowTicks = StoredTime.ToTicks(now);
        if (WebhookGroupRules.Apply(alerts, exists, lastSent, flushAt, change, grouping, nowTicks) is not { } next)
        {
            Delete(connection, transaction, change.SubscriptionId, change.GroupKey);
            return;
        }
        flushAt = next;
        using var upsert = SqliteWebhookStore.Command(connection, transaction, """
            INSERT INTO webhook_groups (subscription_id, group_key, tenant, alerts, created_at, last_sent_at, flush_at)
            VALUES ($sub, $key, $tenant, $alerts, $now, NULL, $flush)
            ON CONFLICT (subscription_id, group_key) DO UPDATE SET alerts = excluded.alerts, flush_at = excluded.flush_at;
            """);
        upsert.Parameters.AddWithValue("$sub", change.SubscriptionId);
        upsert.Parameters.AddWithValue("$key", change.GroupKey);
        upsert.Parameters.AddWithValue("$tenant", change.Tenant);
        upsert.Parameters.AddWithValue("$alerts", alerts.ToJsonString());
        upsert.Parameters.AddWithValue("$now", nowTicks);
        upsert.Parameters.AddWithValue("$flush", flushAt);
        upsert.ExecuteNonQuery();
    }

    /// <summary>
    /// The <c>alert.group</c> deliveries of every group due at <paramref name="now"/>. A sent group forgets its resolved
    /// alerts (told once) and is next due after its repeat interval; an empty one is deleted.
    /// </summary>
    public static IReadOnlyList<PlannedDelivery> FlushDue(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        var due = new List<(string Sub, string Key, string Tenant, JsonObject Alerts, TimeSpan Repeat)>();
        using (var read = SqliteWebhookStore.Command(connection, transaction, """
            SELECT g.subscription_id, g.group_key, g.tenant, g.alerts, s.grouping
            FROM webhook_groups g JOIN webhook_subscriptions s ON s.id = g.subscription_id
            WHERE g.flush_at <= $now AND s.enabled = 1 AND s.grouping IS NOT NULL;
            """))
        {
            read.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var grouping = JsonSerializer.Deserialize<WebhookGrouping>(reader.GetString(4), StorageJson.Options)!;
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), JsonNode.Parse(reader.GetString(3))!.AsObject(), grouping.Repeat));
            }
        }
        var planned = new List<PlannedDelivery>(due.Count);
        foreach (var (sub, key, tenant, alerts, repeat) in due)
        {
            planned.Add(WebhookGroupRules.Flush(sub, key, tenant, alerts, now));
            if (alerts.Count == 0)
            {
                Delete(connection, transaction, sub, key);
                continue;
            }
            using var update = SqliteWebhookStore.Command(connection, transaction, """
                UPDATE webhook_groups SET alerts = $alerts, last_sent_at = $now, flush_at = $next WHERE subscription_id = $sub AND group_key = $key;
                """);
            update.Parameters.AddWithValue("$alerts", alerts.ToJsonString());
            update.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            update.Parameters.AddWithValue("$next", StoredTime.ToTicks(now + repeat));
            update.Parameters.AddWithValue("$sub", sub);
            update.Parameters.AddWithValue("$key", key);
            update.ExecuteNonQuery();
        }
        return planned;
    }

    private static void Delete(SqliteConnection connection, SqliteTransaction transaction, string subscriptionId, string key)
    {
        using var delete = SqliteWebhookStore.Command(connection, transaction, "DELETE FROM webhook_groups WHERE subscription_id = $sub AND group_key = $key;");
        delete.Parameters.AddWithValue("$sub", subscriptionId);
        delete.Parameters.AddWithValue("$key", key);
        delete.ExecuteNonQuery();
    }
}
