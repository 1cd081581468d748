using Lepton.Monitor.Storage.Postgres;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IWebhookStore"/> for cluster mode, where several api processes run the dispatcher and the
/// sender against one database:
/// <list type="bullet">
/// <item>the dispatcher's cursor (<c>webhook_state</c>) moves by compare-and-set in the fan-out's own transaction, so two
/// dispatchers never both fan out one batch; and the unique index on (subscription_id, event_seq) with
/// <c>ON CONFLICT DO NOTHING</c> makes a repeated fan-out of a change create no second delivery whatever happens;</item>
/// <item>due deliveries are claimed (<c>FOR UPDATE SKIP LOCKED</c>, then <c>next_attempt_at</c> moved a lease ahead), so
/// one delivery is sent by one sender at a time; a sender that dies mid-send leaves it due again when the lease ends;</item>
/// <item>due groups are flushed under <c>FOR UPDATE SKIP LOCKED</c>, and a fan-out locks the groups it changes, so a
/// group window is sent once.</item>
/// </list>
/// Attempts are recorded one statement each (no group commit: PostgreSQL has no single writer to spare).
/// </summary>
public sealed class PostgresWebhookStore : IWebhookStore
{
    /// <summary>
    /// How long a claimed delivery stays invisible to other senders. It must outlast the sender's queue: a pass claims up
    /// to a batch (256) and starts them as its 16 slots free up, each attempt bounded by the 15 s timeout.
    /// </summary>
    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly TimeSpan _claimLease;

    public PostgresWebhookStore(NpgsqlDataSource dataSource, TimeProvider? time = null, TimeSpan? claimLease = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
        _claimLease = claimLease ?? DefaultClaimLease;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_claimLease, TimeSpan.Zero, nameof(claimLease));
    }

    public async Task<WebhookSubscription> CreateAsync(NewWebhookSubscription subscription, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var now = _time.GetUtcNow();
        var id = SortableId.New("sub-", now);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO webhook_subscriptions (id, tenant, url, filter, types, enabled, created_at, created_by, after_seq, secret, grouping)
            VALUES (@id, @tenant, @url, @filter, @types, true, @at, @by, (SELECT COALESCE(MAX(seq), 0) FROM alert_events), @secret, @grouping)
            """);
        var p = command.Parameters;
        p.AddWithValue("id", id);
        p.AddWithValue("tenant", subscription.Tenant);
        p.AddWithValue("url", subscription.Url);
        p.AddWithValue("filter", NpgsqlDbType.Jsonb, PostgresText.JsonWithoutNul(JsonSerializer.Serialize(subscription.Filter, StorageJson.Options)));
        p.AddWithValue("types", NpgsqlDbType.Jsonb, PostgresText.JsonWithoutNul(JsonSerializer.Serialize(subscription.Types, StorageJson.Options)));
        p.AddWithValue("at", StoredTime.ToTicks(now));
        p.AddWithValue("by", NpgsqlDbType.Text, (object?)subscription.CreatedBy ?? DBNull.Value);
        p.AddWithValue("secret", subscription.Secret);
        p.AddWithValue("grouping", NpgsqlDbType.Jsonb,
            subscription.Group is null ? DBNull.Value : PostgresText.JsonWithoutNul(JsonSerializer.Serialize(subscription.Group, StorageJson.Options)));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return new WebhookSubscription(id, subscription.Tenant, subscription.Url, subscription.Filter, subscription.Types, true,
            StoredTime.FromTicks(StoredTime.ToTicks(now)), subscription.CreatedBy)
        {
            Group = subscription.Group,
        };
    }

    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {WebhookRows.SubscriptionColumns} FROM webhook_subscriptions WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? WebhookRows.ReadSubscription(reader) : null;
    }

    public async Task<Page<WebhookSubscription>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor);
        await using var command = _dataSource.CreateCommand($"""
            SELECT {WebhookRows.SubscriptionColumns} FROM webhook_subscriptions
            WHERE (@tenant::text IS NULL OR tenant = @tenant) AND (@after::text IS NULL OR id COLLATE "C" < @after)
            ORDER BY id COLLATE "C" DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", NpgsqlDbType.Text, (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("after", NpgsqlDbType.Text, (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", pageSize + 1);
        var items = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            items.Add(WebhookRows.ReadSubscription(reader));
        return WebhookRows.ToPage(items, pageSize, s => s.Id);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        // A batch is one implicit transaction. The subscription is locked first, as a record of its attempt locks it.
        await using var batch = _dataSource.CreateBatch();
        var lockSubscription = new NpgsqlBatchCommand("SELECT 1 FROM webhook_subscriptions WHERE id = @id FOR UPDATE");
        lockSubscription.Parameters.AddWithValue("id", id);
        batch.BatchCommands.Add(lockSubscription);
        var delete = new NpgsqlBatchCommand("""
            WITH deliveries AS (DELETE FROM webhook_deliveries WHERE subscription_id = @id RETURNING id),
                 attempts AS (DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM deliveries)),
                 groups AS (DELETE FROM webhook_groups WHERE subscription_id = @id)
            DELETE FROM webhook_subscriptions WHERE id = @id
            """);
        delete.Parameters.AddWithValue("id", id);
        batch.BatchCommands.Add(delete);
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return delete.RecordsAffected > 0;
    }

    public async Task<bool> RotateSecretAsync(string id, string newSecret, DateTimeOffset previousValidUntil, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = @until, secret = @secret WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("secret", newSecret);
        command.Parameters.AddWithValue("until", StoredTime.ToTicks(previousValidUntil));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<DispatchTarget>> ListEnabledAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {WebhookRows.SubscriptionColumns} FROM webhook_subscriptions WHERE enabled ORDER BY id COLLATE \"C\"");
        var items = new List<DispatchTarget>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            items.Add(new DispatchTarget(WebhookRows.ReadSubscription(reader), reader.GetInt64(13)));
        return items;
    }

    public async Task<long> DispatchedSeqAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT value FROM webhook_state WHERE name = 'dispatched_seq'");
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<bool> FanOutAsync(long fromSeq, long toSeq, IReadOnlyList<PlannedDelivery> deliveries, IReadOnlyList<GroupChange>? groupChanges = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var now = _time.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Compare-and-set: a second dispatcher on the same batch waits for this row lock, then finds the cursor moved
        // (READ COMMITTED re-checks the WHERE on the committed row) and writes nothing.
        await using (var cursor = new NpgsqlCommand(
            "UPDATE webhook_state SET value = @to WHERE name = 'dispatched_seq' AND value = @from", connection, transaction))
        {
            cursor.Parameters.AddWithValue("from", fromSeq);
            cursor.Parameters.AddWithValue("to", toSeq);
            if (await cursor.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                return false; // another pass moved it: nothing was written (the transaction rolls back on dispose)
        }
        await InsertDeliveriesAsync(connection, transaction, deliveries, now, ct).ConfigureAwait(false);
        if (groupChanges is { Count: > 0 })
            await ApplyGroupChangesAsync(connection, transaction, groupChanges, now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Applies the changes to their groups: one read of the groupings, one locked read of the groups, the rules in
    /// memory (in the changes' order), one batch of writes.
    /// </summary>
    private static async Task ApplyGroupChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<GroupChange> changes,
        DateTimeOffset now, CancellationToken ct)
    {
        var groupings = new Dictionary<string, WebhookGrouping>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand(
            "SELECT id, grouping FROM webhook_subscriptions WHERE id = ANY(@ids) AND enabled AND grouping IS NOT NULL", connection, transaction))
        {
            read.Parameters.AddWithValue("ids", changes.Select(c => c.SubscriptionId).Distinct(StringComparer.Ordinal).ToArray());
            await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (JsonSerializer.Deserialize<WebhookGrouping>(reader.GetString(1), StorageJson.Options) is { } grouping)
                    groupings[reader.GetString(0)] = grouping;
            }
        }
        var relevant = changes.Where(c => groupings.ContainsKey(c.SubscriptionId)).ToList(); // others: deleted or disabled meanwhile
        if (relevant.Count == 0)
            return;

        var groups = new Dictionary<(string Sub, string Key), GroupRow>();
        var keys = relevant.Select(c => (c.SubscriptionId, c.GroupKey)).Distinct().ToList();
        await using (var read = new NpgsqlCommand("""
            SELECT g.subscription_id, g.group_key, g.alerts, g.last_sent_at, g.flush_at, g.created_at
            FROM webhook_groups g JOIN unnest(@subs, @keys) AS k(sub, key) ON g.subscription_id = k.sub AND g.group_key = k.key
            ORDER BY g.subscription_id, g.group_key
            FOR UPDATE OF g
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("subs", keys.Select(k => k.SubscriptionId).ToArray());
            read.Parameters.AddWithValue("keys", keys.Select(k => k.GroupKey).ToArray());
            await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                groups[(reader.GetString(0), reader.GetString(1))] = new GroupRow(JsonNode.Parse(reader.GetString(2))!.AsObject(), true,
                    reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
            }
        }

        var nowTicks = StoredTime.ToTicks(now);
        var tenants = new Dictionary<(string Sub, string Key), string>();
        foreach (var change in relevant)
        {
            var key = (change.SubscriptionId, change.GroupKey);
            tenants[key] = change.Tenant;
            var known = groups.TryGetValue(key, out var existing);
            var row = known && existing!.Alerts is not null ? existing : new GroupRow([], false, null, 0, nowTicks) { Reset = known };
            var next = WebhookGroupRules.Apply(row.Alerts!, row.Exists, row.LastSent, row.FlushAt, change, groupings[change.SubscriptionId], nowTicks);
            // Emptied: deleted below; a later change of the same batch starts it afresh (deleting the old row first, as
            // the one-by-one SQLite store does).
            groups[key] = next is { } flushAt ? row with { Exists = true, FlushAt = flushAt } : row with { Alerts = null, Exists = false, Reset = true };
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var ((sub, key), row) in groups)
        {
            if (!tenants.ContainsKey((sub, key)))
                continue;
            if (row.Reset)
            {
                var delete = new NpgsqlBatchCommand("DELETE FROM webhook_groups WHERE subscription_id = @sub AND group_key = @key");
                delete.Parameters.AddWithValue("sub", sub);
                delete.Parameters.AddWithValue("key", key);
                batch.BatchCommands.Add(delete);
            }
            if (row.Alerts is null)
                continue;
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO webhook_groups (subscription_id, group_key, tenant, alerts, created_at, last_sent_at, flush_at)
                VALUES (@sub, @key, @tenant, @alerts, @createdAt, NULL, @flush)
                ON CONFLICT (subscription_id, group_key) DO UPDATE SET alerts = excluded.alerts, flush_at = excluded.flush_at
                """);
            upsert.Parameters.AddWithValue("sub", sub);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("tenant", tenants[(sub, key)]);
            upsert.Parameters.AddWithValue("alerts", NpgsqlDbType.Jsonb, PostgresText.JsonWithoutNul(row.Alerts.ToJsonString()));
            upsert.Parameters.AddWithValue("createdAt", row.CreatedAt);
            upsert.Parameters.AddWithValue("flush", row.FlushAt);
            batch.BatchCommands.Add(upsert);
        }
        if (batch.BatchCommands.Count > 0)
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A group as read or changed in memory; <see cref="Alerts"/> null: to be deleted. <see cref="Reset"/>: its stored row goes first.</summary>
    private sealed record GroupRow(JsonObject? Alerts, bool Exists, long? LastSent, long FlushAt, long CreatedAt)
    {
        public bool Reset { get; init; }
    }

    public async Task<int> FlushGroupsAsync(CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var nowTicks = StoredTime.ToTicks(now);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // SKIP LOCKED: a group another dispatcher is flushing (or a fan-out is changing) is left to it; it is sent once.
        var due = new List<(string Sub, string Key, string Tenant, JsonObject Alerts, TimeSpan Repeat)>();
        await using (var read = new NpgsqlCommand("""
            SELECT g.subscription_id, g.group_key, g.tenant, g.alerts, s.grouping
            FROM webhook_groups g JOIN webhook_subscriptions s ON s.id = g.subscription_id
            WHERE g.flush_at <= @now AND s.enabled AND s.grouping IS NOT NULL
            FOR UPDATE OF g SKIP LOCKED
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("now", nowTicks);
            await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var grouping = JsonSerializer.Deserialize<WebhookGrouping>(reader.GetString(4), StorageJson.Options)!;
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), JsonNode.Parse(reader.GetString(3))!.AsObject(), grouping.Repeat));
            }
        }
        if (due.Count == 0)
            return 0;

        var planned = new List<PlannedDelivery>(due.Count);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var (sub, key, tenant, alerts, repeat) in due)
            {
                planned.Add(WebhookGroupRules.Flush(sub, key, tenant, alerts, now));
                var command = alerts.Count == 0
                    ? new NpgsqlBatchCommand("DELETE FROM webhook_groups WHERE subscription_id = @sub AND group_key = @key")
                    : new NpgsqlBatchCommand("""
                        UPDATE webhook_groups SET alerts = @alerts, last_sent_at = @now, flush_at = @next WHERE subscription_id = @sub AND group_key = @key
                        """);
                command.Parameters.AddWithValue("sub", sub);
                command.Parameters.AddWithValue("key", key);
                if (alerts.Count > 0)
                {
                    command.Parameters.AddWithValue("alerts", NpgsqlDbType.Jsonb, PostgresText.JsonWithoutNul(alerts.ToJsonString()));
                    command.Parameters.AddWithValue("now", nowTicks);
                    command.Parameters.AddWithValue("next", StoredTime.ToTicks(now + repeat));
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var made = await InsertDeliveriesAsync(connection, transaction, planned, now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return made;
    }

    /// <summary>
    /// Claims the due deliveries: each one returned has its <c>next_attempt_at</c> moved a lease ahead, so no other sender
    /// takes it until its attempt is recorded (which sets the real next time) or the lease runs out (the sender died).
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"""
            WITH due AS (
                SELECT d.id, d.next_attempt_at AS was
                FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND s.enabled
                ORDER BY d.next_attempt_at LIMIT @max
                FOR UPDATE OF d SKIP LOCKED
            ), claimed AS (
                UPDATE webhook_deliveries d SET next_attempt_at = @leaseUntil FROM due WHERE d.id = due.id
                RETURNING d.id, due.was
            )
            SELECT {WebhookRows.DueColumns}
            FROM claimed c JOIN webhook_deliveries d ON d.id = c.id JOIN webhook_subscriptions s ON s.id = d.subscription_id
            ORDER BY c.was, d.id COLLATE "C"
            """);
        command.Parameters.AddWithValue("now", StoredTime.ToTicks(now));
        command.Parameters.AddWithValue("max", max);
        command.Parameters.AddWithValue("leaseUntil", StoredTime.ToTicks(now + _claimLease));
        var due = new List<DueDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            due.Add(WebhookRows.ReadDue(reader));
        return due;
    }

    public async Task<bool> RecordAsync(DeliveryResult result, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var attempt = result.Attempt;
        var delivered = result.Next == DeliveryNext.Delivered;
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // One round trip: the subscription's row is locked first — every record of an endpoint updates its streak, and
        // a disabling one then kills the endpoint's other pending deliveries; taking the subscription before the
        // delivery in every record keeps one lock order, so two records of one endpoint never deadlock — then the
        // delivery's new state, its attempt and the endpoint's streak, all only if the delivery still exists.
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var lockSubscription = new NpgsqlBatchCommand("SELECT 1 FROM webhook_subscriptions WHERE id = @sub FOR UPDATE");
            lockSubscription.Parameters.AddWithValue("sub", result.SubscriptionId);
            batch.BatchCommands.Add(lockSubscription);
            var command = new NpgsqlBatchCommand("""
            WITH d AS (
                UPDATE webhook_deliveries SET state = @state, round_attempts = round_attempts + 1, next_attempt_at = @next,
                    delivered_at = @delivered, last_error = @error
                WHERE id = @id RETURNING id
            ), a AS (
                INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms)
                SELECT id, @at, @status, @attemptError, @ms FROM d
            ), s AS (
                UPDATE webhook_subscriptions
                SET failing_since = CASE WHEN @ok THEN NULL ELSE COALESCE(failing_since, @at) END,
                    last_success_at = CASE WHEN @ok THEN @at ELSE last_success_at END
                WHERE id = @sub AND EXISTS (SELECT 1 FROM d)
            )
            SELECT count(*) FROM d
            """);
            batch.BatchCommands.Add(command);
            var p = command.Parameters;
            p.AddWithValue("id", result.DeliveryId);
            p.AddWithValue("sub", result.SubscriptionId);
            p.AddWithValue("state", WebhookRows.StateAfter(result.Next));
            p.AddWithValue("next", StoredTime.ToTicks(result.NextAttemptAt ?? attempt.At));
            p.AddWithValue("delivered", NpgsqlDbType.Bigint, delivered ? StoredTime.ToTicks(attempt.At) : DBNull.Value);
            p.AddWithValue("error", NpgsqlDbType.Text, delivered ? DBNull.Value : (object?)PostgresText.WithoutNul(WebhookRows.Describe(attempt)) ?? DBNull.Value);
            p.AddWithValue("at", StoredTime.ToTicks(attempt.At));
            p.AddWithValue("status", NpgsqlDbType.Integer, (object?)attempt.StatusCode ?? DBNull.Value);
            p.AddWithValue("attemptError", NpgsqlDbType.Text, (object?)PostgresText.WithoutNul(attempt.Error) ?? DBNull.Value);
            p.AddWithValue("ms", attempt.DurationMs);
            p.AddWithValue("ok", delivered);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false) || reader.GetInt64(0) == 0)
                return false;
        }
        if (result.DisableReason is not null)
            await DisableAsync(connection, transaction, result.SubscriptionId, result.DisableReason, attempt.At, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static async Task DisableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string subscriptionId, string reason,
        DateTimeOffset at, CancellationToken ct)
    {
        string tenant, url;
        await using (var update = new NpgsqlCommand("""
            UPDATE webhook_subscriptions SET enabled = false, disabled_reason = @reason, disabled_at = @at WHERE id = @id AND enabled
            RETURNING tenant, url
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("id", subscriptionId);
            update.Parameters.AddWithValue("reason", PostgresText.WithoutNul(reason)!);
            update.Parameters.AddWithValue("at", StoredTime.ToTicks(at));
            await using var reader = await update.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                return; // already disabled (by another sender's record)
            tenant = reader.GetString(0);
            url = reader.GetString(1);
        }
        var told = new List<PlannedDelivery>();
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            // Its waiting deliveries will not be attempted: dead (listed, replayable), so the pending depth is what will go out.
            var dead = new NpgsqlBatchCommand("UPDATE webhook_deliveries SET state = 'dead', last_error = @error WHERE subscription_id = @id AND state = 'pending'");
            dead.Parameters.AddWithValue("id", subscriptionId);
            dead.Parameters.AddWithValue("error", PostgresText.WithoutNul("subscription disabled: " + reason)!);
            batch.BatchCommands.Add(dead);
            var others = new NpgsqlBatchCommand(
                "SELECT id FROM webhook_subscriptions WHERE tenant = @tenant AND enabled AND id <> @id AND types ? @type ORDER BY id COLLATE \"C\"");
            others.Parameters.AddWithValue("tenant", tenant);
            others.Parameters.AddWithValue("id", subscriptionId);
            others.Parameters.AddWithValue("type", WebhookEventTypes.EndpointDisabled);
            batch.BatchCommands.Add(others);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var body = WebhookPayload.EndpointDisabled(at, subscriptionId, url, reason);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                told.Add(new PlannedDelivery(reader.GetString(0), tenant, null, null, WebhookEventTypes.EndpointDisabled, at, body));
        }
        await InsertDeliveriesAsync(connection, transaction, told, at, ct).ConfigureAwait(false);
        // Last: the audit chain's lock is held until the commit.
        await PostgresAuditLog.AppendAsync(connection, transaction,
            [new AuditEvent(SqliteWebhookStore.SystemActor, tenant, "subscription.disabled", $"subscription/{subscriptionId}", new { url, reason })], at, ct)
            .ConfigureAwait(false);
    }

    public async Task<Page<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, string? state, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        var rows = new List<WebhookDelivery>();
        await using (var command = new NpgsqlCommand($"""
            SELECT {WebhookRows.DeliveryColumns} FROM webhook_deliveries
            WHERE subscription_id = @sub AND (@state::text IS NULL OR state = @state) AND (@after::text IS NULL OR id COLLATE "C" < @after)
            ORDER BY id COLLATE "C" DESC LIMIT @limit
            """, connection))
        {
            command.Parameters.AddWithValue("sub", subscriptionId);
            command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
            command.Parameters.AddWithValue("after", NpgsqlDbType.Text, (object?)after ?? DBNull.Value);
            command.Parameters.AddWithValue("limit", pageSize + 1);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                rows.Add(WebhookRows.ReadDelivery(reader, subscriptionId, []));
        }
        if (rows.Count == 0)
            return new Page<WebhookDelivery>(rows, null);

        // The page's attempts in one query, not one per delivery.
        var attempts = rows.ToDictionary(r => r.Id, _ => new List<WebhookAttempt>(), StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            $"SELECT delivery_id, {WebhookRows.AttemptColumns} FROM webhook_attempts WHERE delivery_id = ANY(@ids) ORDER BY id", connection))
        {
            command.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                attempts[reader.GetString(0)].Add(WebhookRows.ReadAttempt(reader, 1));
        }
        return WebhookRows.ToPage(rows.Select(r => r with { Attempts = attempts[r.Id] }).ToList(), pageSize, d => d.Id);
    }

    public async Task<bool> ReplayAsync(string subscriptionId, string deliveryId, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_deliveries SET state = 'pending', round_attempts = 0, next_attempt_at = @now, delivered_at = NULL
            WHERE id = @id AND subscription_id = @sub
            """);
        command.Parameters.AddWithValue("id", deliveryId);
        command.Parameters.AddWithValue("sub", subscriptionId);
        command.Parameters.AddWithValue("now", StoredTime.ToTicks(_time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async Task<int> ReplayRangeAsync(string subscriptionId, DateTimeOffset since, DateTimeOffset until, IReadOnlyList<PlannedDelivery> fromFeed,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(fromFeed);
        var now = _time.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        int requeued;
        await using (var command = new NpgsqlCommand("""
            UPDATE webhook_deliveries SET state = 'pending', round_attempts = 0, next_attempt_at = @now, delivered_at = NULL
            WHERE subscription_id = @sub AND event_at >= @since AND event_at <= @until
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("sub", subscriptionId);
            command.Parameters.AddWithValue("since", StoredTime.ToTicks(since));
            command.Parameters.AddWithValue("until", StoredTime.ToTicks(until));
            command.Parameters.AddWithValue("now", StoredTime.ToTicks(now));
            requeued = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var made = await InsertDeliveriesAsync(connection, transaction, fromFeed, now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return requeued + made;
    }

    public async Task<long> PendingCountAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'");
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Inserts deliveries of subscriptions still enabled in one statement; a change a subscription already has is skipped
    /// by the unique index (<c>ON CONFLICT DO NOTHING</c>), also when another dispatcher inserted it a moment ago.
    /// Returns how many were made.
    /// </summary>
    private static async Task<int> InsertDeliveriesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PlannedDelivery> deliveries,
        DateTimeOffset now, CancellationToken ct)
    {
        if (deliveries.Count == 0)
            return 0;
        await using var insert = new NpgsqlCommand("""
            INSERT INTO webhook_deliveries
                (id, subscription_id, tenant, event_seq, alert_id, type, event_at, body, state, round_attempts, next_attempt_at, created_at)
            SELECT u.id, u.sub, u.tenant, u.seq, u.alert, u.type, u.event_at, u.body, 'pending', 0, @now, @now
            FROM unnest(@ids, @subs, @tenants, @seqs, @alerts, @types, @eventAts, @bodies) WITH ORDINALITY
                AS u(id, sub, tenant, seq, alert, type, event_at, body, n)
            WHERE EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = u.sub AND s.enabled)
            ORDER BY u.n
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        var p = insert.Parameters;
        p.AddWithValue("now", StoredTime.ToTicks(now));
        p.AddWithValue("ids", deliveries.Select(_ => WebhookRows.NewMessageId(now)).ToArray());
        p.AddWithValue("subs", deliveries.Select(d => d.SubscriptionId).ToArray());
        p.AddWithValue("tenants", deliveries.Select(d => d.Tenant).ToArray());
        p.AddWithValue("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint, deliveries.Select(d => d.EventSeq).ToArray());
        p.AddWithValue("alerts", NpgsqlDbType.Array | NpgsqlDbType.Text, deliveries.Select(d => d.AlertId).ToArray());
        p.AddWithValue("types", deliveries.Select(d => d.Type).ToArray());
        p.AddWithValue("eventAts", deliveries.Select(d => StoredTime.ToTicks(d.EventAt)).ToArray());
        p.AddWithValue("bodies", deliveries.Select(d => PostgresText.WithoutNul(d.Body)!).ToArray());
        return await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>PostgreSQL text cannot hold NUL: an error text that carries one is stored with U+FFFD instead of failing the record.</summary>
}
