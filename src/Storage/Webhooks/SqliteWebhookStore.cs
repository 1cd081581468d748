using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IWebhookStore"/> in the embedded store (migration 8's tables); every write goes through the single writer.
/// Attempt results are group-committed: the sender's concurrent attempts queue their results and one writer records
/// everything queued in one transaction (one fsync), so delivering at hundreds of attempts per second does not take the
/// database writer from the pipeline one commit per attempt.
/// </summary>
public sealed class SqliteWebhookStore : IWebhookStore, IAsyncDisposable
{
    /// <summary>The actor of changes the service makes by itself (disabling a failing endpoint).</summary>
    public const string SystemActor = "lepton";

    private const string SubscriptionColumns = WebhookRows.SubscriptionColumns;

    private readonly LeptonDatabase db;
    private readonly TimeProvider _time;
    private readonly System.Threading.Channels.Channel<AttemptRecordRequest> _records =
        System.Threading.Channels.Channel.CreateBounded<AttemptRecordRequest>(new System.Threading.Channels.BoundedChannelOptions(4096)
        {
            SingleReader = true,
            FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait,
        });
    private readonly Task _recorder;

    public SqliteWebhookStore(LeptonDatabase db, TimeProvider? time = null)
    {
        this.db = db;
        _time = time ?? TimeProvider.System;
        _recorder = Task.Run(() => GroupCommitLoop.RunAsync(_records.Reader, 1024, CommitRecordsAsync));
    }

    /// <summary>Records what is queued, then stops the recorder.</summary>
    public async ValueTask DisposeAsync()
    {
        _records.Writer.TryComplete();
        await _recorder.ConfigureAwait(false);
    }

    public Task<WebhookSubscription> CreateAsync(NewWebhookSubscription subscription, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var id = SortableId.New("sub-", now);
        return db.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                INSERT INTO webhook_subscriptions (id, tenant, url, filter, types, enabled, created_at, created_by, after_seq, secret, grouping)
                VALUES ($id, $tenant, $url, $filter, $types, 1, $at, $by, (SELECT COALESCE(MAX(seq), 0) FROM alert_events), $secret, $grouping);
                """);
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$tenant", subscription.Tenant);
            command.Parameters.AddWithValue("$url", subscription.Url);
            command.Parameters.AddWithValue("$filter", JsonSerializer.Serialize(subscription.Filter, StorageJson.Options));
            command.Parameters.AddWithValue("$types", JsonSerializer.Serialize(subscription.Types, StorageJson.Options));
            command.Parameters.AddWithValue("$at", StoredTime.ToTicks(now));
            command.Parameters.AddWithValue("$by", (object?)subscription.CreatedBy ?? DBNull.Value);
            command.Parameters.AddWithValue("$secret", subscription.Secret);
            command.Parameters.AddWithValue("$grouping", subscription.Group is null ? DBNull.Value : JsonSerializer.Serialize(subscription.Group, StorageJson.Options));
            command.ExecuteNonQuery();
            return new WebhookSubscription(id, subscription.Tenant, subscription.Url, subscription.Filter, subscription.Types, true, StoredTime.FromTicks(StoredTime.ToTicks(now)), subscription.CreatedBy)
            {
                Group = subscription.Group,
            };
        }, ct);
    }

    public Task<WebhookSubscription?> GetAsync(string id, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? WebhookRows.ReadSubscription(reader) : null);
    }

    public Task<Page<WebhookSubscription>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = new List<string> { "1 = 1" };
        if (tenant is not null)
        {
            where.Add("tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", tenant);
        }
        if (after is not null)
        {
            where.Add("id < $after");
            command.Parameters.AddWithValue("$after", after);
        }
        command.CommandText = $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE {string.Join(" AND ", where)} ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        var items = new List<WebhookSubscription>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            items.Add(WebhookRows.ReadSubscription(reader));
        return Task.FromResult(WebhookRows.ToPage(items, pageSize, s => s.Id));
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = $id);
                DELETE FROM webhook_deliveries WHERE subscription_id = $id;
                DELETE FROM webhook_groups WHERE subscription_id = $id;
                DELETE FROM webhook_subscriptions WHERE id = $id;
                SELECT changes();
                """);
            command.Parameters.AddWithValue("$id", id);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        }, ct);

    public Task<bool> RotateSecretAsync(string id, string newSecret, DateTimeOffset previousValidUntil, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = $until, secret = $secret WHERE id = $id;
                """);
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$secret", newSecret);
            command.Parameters.AddWithValue("$until", StoredTime.ToTicks(previousValidUntil));
            return command.ExecuteNonQuery() > 0;
        }, ct);

    public Task<IReadOnlyList<DispatchTarget>> ListEnabledAsync(CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE enabled = 1 ORDER BY id;";
        var items = new List<DispatchTarget>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            items.Add(new DispatchTarget(WebhookRows.ReadSubscription(reader), reader.GetInt64(13)));
        return Task.FromResult<IReadOnlyList<DispatchTarget>>(items);
    }

    public Task<long> DispatchedSeqAsync(CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        return Task.FromResult(Convert.ToInt64(
            LeptonDatabase.ExecuteScalar(connection, "SELECT value FROM webhook_state WHERE name = 'dispatched_seq';"), CultureInfo.InvariantCulture));
    }

    public Task<bool> FanOutAsync(long fromSeq, long toSeq, IReadOnlyList<PlannedDelivery> deliveries, IReadOnlyList<GroupChange>? groupChanges = null,
        CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        return db.WriteAsync((connection, transaction) =>
        {
            using var cursor = Command(connection, transaction, "UPDATE webhook_state SET value = $to WHERE name = 'dispatched_seq' AND value = $from;");
            cursor.Parameters.AddWithValue("$from", fromSeq);
            cursor.Parameters.AddWithValue("$to", toSeq);
            if (cursor.ExecuteNonQuery() == 0)
                return false; // another pass moved it: nothing was written
            InsertDeliveries(connection, transaction, deliveries, now);
            foreach (var change in groupChanges ?? [])
                WebhookGroups.Apply(connection, transaction, change, now);
            return true;
        }, ct);
    }

    public Task<int> FlushGroupsAsync(CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        // A read first: the dispatcher calls this on every pass, and most passes have no group due, so they must not
        // take the single writer (and an fsync) from the pipeline for nothing.
        using (var connection = db.OpenReadConnection())
        using (var any = connection.CreateCommand())
        {
            any.CommandText = "SELECT 1 FROM webhook_groups WHERE flush_at <= $now LIMIT 1;";
            any.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            if (any.ExecuteScalar() is null)
                return Task.FromResult(0);
        }
        return db.WriteAsync((connection, transaction) =>
            InsertDeliveries(connection, transaction, WebhookGroups.FlushDue(connection, transaction, now), now), ct);
    }

    public Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {WebhookRows.DueColumns}
            FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
            WHERE d.state = 'pending' AND d.next_attempt_at <= $now AND s.enabled = 1
            ORDER BY d.next_attempt_at LIMIT $max;
            """;
        command.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
        command.Parameters.AddWithValue("$max", max);
        var due = new List<DueDelivery>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            due.Add(WebhookRows.ReadDue(reader));
        return Task.FromResult<IReadOnlyList<DueDelivery>>(due);
    }

    public async Task<bool> RecordAsync(DeliveryResult result, CancellationToken ct = default)
    {
        var request = new AttemptRecordRequest(result);
        try
        {
            await _records.Writer.WriteAsync(request, ct).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteWebhookStore));
        }
        return await request.Task.ConfigureAwait(false);
    }

    private async Task CommitRecordsAsync(IReadOnlyList<AttemptRecordRequest> group)
    {
        await db.WriteAsync((connection, transaction) =>
        {
            using var statements = new AttemptStatements(connection, transaction);
            foreach (var request in group)
                request.Recorded = statements.Record(request.Result);
        }).ConfigureAwait(false);
        foreach (var request in group)
            request.Complete();
    }

    /// <summary>The statements that record an attempt, prepared once per group commit and reused for each result in it.</summary>
    private sealed class AttemptStatements : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly SqliteCommand _update, _insert, _succeeded, _failed;

        public AttemptStatements(SqliteConnection connection, SqliteTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            _update = Command(connection, transaction, """
                UPDATE webhook_deliveries SET state = $state, round_attempts = round_attempts + 1, next_attempt_at = $next,
                    delivered_at = $delivered, last_error = $error
                WHERE id = $id;
                """);
            _insert = Command(connection, transaction,
                "INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) VALUES ($id, $at, $status, $error, $ms);");
            _succeeded = Command(connection, transaction, "UPDATE webhook_subscriptions SET failing_since = NULL, last_success_at = $at WHERE id = $sub;");
            _failed = Command(connection, transaction, "UPDATE webhook_subscriptions SET failing_since = COALESCE(failing_since, $at) WHERE id = $sub;");
        }

        /// <summary>One attempt's result; false when the delivery no longer exists.</summary>
        public bool Record(DeliveryResult result)
        {
            var attempt = result.Attempt;
            var delivered = result.Next == DeliveryNext.Delivered;
            var p = _update.Parameters;
            p.Clear();
            p.AddWithValue("$id", result.DeliveryId);
            p.AddWithValue("$state", WebhookRows.StateAfter(result.Next));
            p.AddWithValue("$next", StoredTime.ToTicks(result.NextAttemptAt ?? attempt.At));
            p.AddWithValue("$delivered", delivered ? StoredTime.ToTicks(attempt.At) : DBNull.Value);
            p.AddWithValue("$error", delivered ? DBNull.Value : (object?)WebhookRows.Describe(attempt) ?? DBNull.Value);
            if (_update.ExecuteNonQuery() == 0)
                return false;

            p = _insert.Parameters;
            p.Clear();
            p.AddWithValue("$id", result.DeliveryId);
            p.AddWithValue("$at", StoredTime.ToTicks(attempt.At));
            p.AddWithValue("$status", (object?)attempt.StatusCode ?? DBNull.Value);
            p.AddWithValue("$error", (object?)attempt.Error ?? DBNull.Value);
            p.AddWithValue("$ms", attempt.DurationMs);
            _insert.ExecuteNonQuery();

            var streak = delivered ? _succeeded : _failed;
            p = streak.Parameters;
            p.Clear();
            p.AddWithValue("$sub", result.SubscriptionId);
            p.AddWithValue("$at", StoredTime.ToTicks(attempt.At));
            streak.ExecuteNonQuery();
            if (result.DisableReason is not null)
                Disable(_connection, _transaction, result.SubscriptionId, result.DisableReason, attempt.At);
            return true;
        }

        public void Dispose()
        {
            _update.Dispose();
            _insert.Dispose();
            _succeeded.Dispose();
            _failed.Dispose();
        }
    }

    public Task<Page<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, string? state, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor);
        using var connection = db.OpenReadConnection();
        var rows = new List<(string Id, Func<IReadOnlyList<WebhookAttempt>, WebhookDelivery> Make)>();
        using (var command = connection.CreateCommand())
        {
            var where = new List<string> { "subscription_id = $sub" };
            command.Parameters.AddWithValue("$sub", subscriptionId);
            if (state is not null)
            {
                where.Add("state = $state");
                command.Parameters.AddWithValue("$state", state);
            }
            if (after is not null)
            {
                where.Add("id < $after");
                command.Parameters.AddWithValue("$after", after);
            }
            command.CommandText = $"""
                SELECT {WebhookRows.DeliveryColumns}
                FROM webhook_deliveries WHERE {string.Join(" AND ", where)} ORDER BY id DESC LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$limit", pageSize + 1);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var delivery = WebhookRows.ReadDelivery(reader, subscriptionId, []);
                rows.Add((delivery.Id, attempts => delivery with { Attempts = attempts }));
            }
        }
        var items = rows.Select(r => r.Make(ReadAttempts(connection, r.Id))).ToList();
        return Task.FromResult(WebhookRows.ToPage(items, pageSize, d => d.Id));
    }

    public Task<bool> ReplayAsync(string subscriptionId, string deliveryId, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        return db.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                UPDATE webhook_deliveries SET state = 'pending', round_attempts = 0, next_attempt_at = $now, delivered_at = NULL
                WHERE id = $id AND subscription_id = $sub;
                """);
            command.Parameters.AddWithValue("$id", deliveryId);
            command.Parameters.AddWithValue("$sub", subscriptionId);
            command.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            return command.ExecuteNonQuery() > 0;
        }, ct);
    }

    public Task<int> ReplayRangeAsync(string subscriptionId, DateTimeOffset since, DateTimeOffset until, IReadOnlyList<PlannedDelivery> fromFeed, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        return db.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                UPDATE webhook_deliveries SET state = 'pending', round_attempts = 0, next_attempt_at = $now, delivered_at = NULL
                WHERE subscription_id = $sub AND event_at >= $since AND event_at <= $until;
                """);
            command.Parameters.AddWithValue("$sub", subscriptionId);
            command.Parameters.AddWithValue("$since", StoredTime.ToTicks(since));
            command.Parameters.AddWithValue("$until", StoredTime.ToTicks(until));
            command.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
            var requeued = command.ExecuteNonQuery();
            return requeued + InsertDeliveries(connection, transaction, fromFeed, now);
        }, ct);
    }

    public Task<long> PendingCountAsync(CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        return Task.FromResult(Convert.ToInt64(
            LeptonDatabase.ExecuteScalar(connection, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending';"), CultureInfo.InvariantCulture));
    }

    /// <summary>Inserts deliveries of subscriptions still enabled, skipping changes a subscription already has; returns how many were made.</summary>
    private static int InsertDeliveries(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<PlannedDelivery> deliveries, DateTimeOffset now)
    {
        if (deliveries.Count == 0)
            return 0;
        using var insert = Command(connection, transaction, """
            INSERT OR IGNORE INTO webhook_deliveries
                (id, subscription_id, tenant, event_seq, alert_id, type, event_at, body, state, round_attempts, next_attempt_at, created_at)
            SELECT $id, $sub, $tenant, $seq, $alert, $type, $eventAt, $body, 'pending', 0, $now, $now
            WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE id = $sub AND enabled = 1);
            """);
        var p = insert.Parameters;
        var id = p.Add("$id", SqliteType.Text);
        var sub = p.Add("$sub", SqliteType.Text);
        var tenant = p.Add("$tenant", SqliteType.Text);
        var seq = p.Add("$seq", SqliteType.Integer);
        var alert = p.Add("$alert", SqliteType.Text);
        var type = p.Add("$type", SqliteType.Text);
        var eventAt = p.Add("$eventAt", SqliteType.Integer);
        var body = p.Add("$body", SqliteType.Text);
        p.AddWithValue("$now", StoredTime.ToTicks(now));
        var made = 0;
        foreach (var d in deliveries)
        {
            id.Value = WebhookRows.NewMessageId(now);
            sub.Value = d.SubscriptionId;
            tenant.Value = d.Tenant;
            seq.Value = (object?)d.EventSeq ?? DBNull.Value;
            alert.Value = (object?)d.AlertId ?? DBNull.Value;
            type.Value = d.Type;
            eventAt.Value = StoredTime.ToTicks(d.EventAt);
            body.Value = d.Body;
            made += insert.ExecuteNonQuery();
        }
        return made;
    }

    private static void Disable(SqliteConnection connection, SqliteTransaction transaction, string subscriptionId, string reason, DateTimeOffset at)
    {
        string tenant, url;
        using (var update = Command(connection, transaction, """
            UPDATE webhook_subscriptions SET enabled = 0, disabled_reason = $reason, disabled_at = $at WHERE id = $id AND enabled = 1
            RETURNING tenant, url;
            """))
        {
            update.Parameters.AddWithValue("$id", subscriptionId);
            update.Parameters.AddWithValue("$reason", reason);
            update.Parameters.AddWithValue("$at", StoredTime.ToTicks(at));
            using var reader = update.ExecuteReader();
            if (!reader.Read())
                return; // already disabled
            tenant = reader.GetString(0);
            url = reader.GetString(1);
        }
        SqliteAuditLog.Append(connection, transaction,
            new AuditEvent(SystemActor, tenant, "subscription.disabled", $"subscription/{subscriptionId}", new { url, reason }), at);
        // Its waiting deliveries will not be attempted: dead (listed, replayable), so the pending depth is what will go out.
        using (var dead = Command(connection, transaction,
            "UPDATE webhook_deliveries SET state = 'dead', last_error = $error WHERE subscription_id = $id AND state = 'pending';"))
        {
            dead.Parameters.AddWithValue("$id", subscriptionId);
            dead.Parameters.AddWithValue("$error", "subscription disabled: " + reason);
            dead.ExecuteNonQuery();
        }

        var told = new List<PlannedDelivery>();
        using (var others = Command(connection, transaction, "SELECT id, types FROM webhook_subscriptions WHERE tenant = $tenant AND enabled = 1 AND id <> $id;"))
        {
            others.Parameters.AddWithValue("$tenant", tenant);
            others.Parameters.AddWithValue("$id", subscriptionId);
            using var reader = others.ExecuteReader();
            var body = WebhookPayload.EndpointDisabled(at, subscriptionId, url, reason);
            while (reader.Read())
            {
                var types = JsonSerializer.Deserialize<string[]>(reader.GetString(1), StorageJson.Options) ?? [];
                if (types.Contains(WebhookEventTypes.EndpointDisabled))
                    told.Add(new PlannedDelivery(reader.GetString(0), tenant, null, null, WebhookEventTypes.EndpointDisabled, at, body));
            }
        }
        InsertDeliveries(connection, transaction, told, at);
    }

    private static IReadOnlyList<WebhookAttempt> ReadAttempts(SqliteConnection connection, string deliveryId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {WebhookRows.AttemptColumns} FROM webhook_attempts WHERE delivery_id = $id ORDER BY id;";
        command.Parameters.AddWithValue("$id", deliveryId);
        var attempts = new List<WebhookAttempt>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            attempts.Add(WebhookRows.ReadAttempt(reader));
        return attempts;
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
