using Lepton.Monitor.Contracts;
using Npgsql;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IAlertStore"/> for cluster mode, with the semantics of <see cref="SqliteAlertStore"/> (the same
/// <see cref="AlertUpsertGroup"/> and <see cref="AlertChangeRules"/>): every upsert or change is ONE transaction with its
/// record links, evidence, audit entries, change-feed events and topic messages.
/// <para>
/// Several processes write at once, so there is no single writer: an upsert locks the active alerts of its
/// fingerprints (FOR UPDATE) before it reads which records already counted, and a new alert is protected by the unique
/// index on the active fingerprint. When two processes open the same fingerprint at once (a grain reactivated on
/// another silo while the old call was in flight), the loser's insert fails with a unique violation and its whole
/// transaction is retried: it then finds the winner's alert, grows it, and skips records the winner already counted.
/// Deadlocks and serialization failures are retried the same way.
/// </para>
/// </summary>
public sealed class PostgresAlertStore : IAlertStore
{
    /// <summary>How often one upsert or change is retried after losing a race (unique violation, deadlock).</summary>
    // Writers that open the same fingerprints in opposite orders can lose several races in a row under load (CI
    // saw 5 exhausted by 12 concurrent upserts of 8 new fingerprints); each retry waits a little, with jitter.
    private const int MaxAttempts = 12;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly PostgresAlertOutbox? _outbox;
    private readonly IAlertChangeEncoder? _encoder;
    private readonly ISilenceMatcher? _silences;

    /// <param name="dataSource">The process's one pool.</param>
    /// <param name="outbox">When alerts are published: each created or changed alert's message is written to the
    /// outbox in the same transaction as the alert.</param>
    /// <param name="events">The change feed (appended to in every transaction; given so this process's waiters wake at
    /// once). One is made when not given.</param>
    /// <param name="silences">Asked for every new alert: a match stores it suppressed.</param>
    public PostgresAlertStore(NpgsqlDataSource dataSource, TimeProvider? time = null, PostgresAlertOutbox? outbox = null,
        IAlertChangeEncoder? encoder = null, PostgresAlertEventLog? events = null, ISilenceMatcher? silences = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if ((outbox is null) != (encoder is null))
            throw new ArgumentException("an outbox needs an encoder and an encoder an outbox");
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
        _outbox = outbox;
        _encoder = encoder;
        _silences = silences;
        Events = events ?? new PostgresAlertEventLog(dataSource);
    }

    /// <summary>The change feed this store appends to.</summary>
    public PostgresAlertEventLog Events { get; }

    public async Task<AlertUpsertResult> UpsertAsync(IReadOnlyList<AlertCandidate> candidates, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        for (var i = 0; i < candidates.Count; i++)
            AlertCandidateRules.Validate(candidates[i], i);
        if (candidates.Count == 0)
            return new AlertUpsertResult([], [], 0);
        return await RetryingAsync(async (connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            var rows = new PostgresAlertUpsertRows();
            await rows.LoadAsync(connection, transaction, candidates, ct).ConfigureAwait(false);
            var upsert = new AlertUpsertGroup(rows, _time, _silences);
            var result = upsert.Apply(candidates);
            upsert.Write();
            await rows.FlushAsync(connection, transaction, ct).ConfigureAwait(false);
            var (changes, audit) = AlertChangeRules.OfUpserts([result], upsert.ClearedApprovals, SqliteAlertStore.SystemActor);
            await WriteAfterAsync(connection, transaction, changes, audit, now, ct).ConfigureAwait(false);
            return result;
        }, ct).ConfigureAwait(false);
    }

    public async Task<Alert?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand($"SELECT {AlertRows.Columns} FROM alerts a WHERE a.id = @id");
        command.Parameters.Add(PostgresAlertUpsertRows.Text("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? AlertRows.Read(reader) : null;
    }

    public async Task<Page<Alert>> QueryAsync(AlertQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.ValidatePageSize(query.PageSize);
        var before = Paging.DecodeCursor(query.Cursor);

        await using var command = _dataSource.CreateCommand();
        var where = new List<string>();
        void Filter(string condition, NpgsqlParameter? parameter)
        {
            if (parameter is null)
                return;
            where.Add(condition);
            command.Parameters.Add(parameter);
        }
        static NpgsqlParameter? Text(string name, string? value) => value is null ? null : PostgresAlertUpsertRows.Text(name, value);
        Filter("a.tenant = @tenant", Text("tenant", query.Tenant));
        Filter("a.jurisdiction = @jurisdiction", Text("jurisdiction", query.Jurisdiction));
        Filter("a.kind = @kind", Text("kind", query.Kind is { } kind ? StoredEnums.ToText(kind) : null));
        Filter("a.severity = @severity", Text("severity", query.Severity is { } severity ? StoredEnums.ToText(severity) : null));
        Filter("a.status = @status", Text("status", query.Status is { } status ? StoredEnums.ToText(status) : null));
        Filter("a.last_seen >= @since", query.Since is { } since ? PostgresAlertUpsertRows.Bigint("since", StoredTime.ToTicks(since)) : null);
        Filter("a.rule_kind = @ruleKind", Text("ruleKind", query.RuleKind));
        Filter("a.entity = @entity", Text("entity", query.Entity));
        Filter("a.id IN (SELECT alert_id FROM alert_records WHERE record_id = @recordId)", Text("recordId", query.RecordId));
        Filter("a.id < @before", Text("before", before));
        command.CommandText = $"""
            SELECT {AlertRows.Columns} FROM alerts a
            {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY a.id DESC
            LIMIT @limit
            """;
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("limit", query.PageSize + 1L));

        var alerts = new List<Alert>(query.PageSize + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                alerts.Add(AlertRows.Read(reader));
        }
        string? next = null;
        if (alerts.Count > query.PageSize)
        {
            alerts.RemoveAt(alerts.Count - 1);
            next = Paging.EncodeCursor(alerts[^1].Id);
        }
        return new Page<Alert>(alerts, next);
    }

    public async Task<Alert?> UpdateAsync(string id, Func<Alert, Alert> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(change);
        var result = await ChangeAsync(new AlertChangeRequest(id, null, SqliteAlertStore.SystemActor, "alert.updated", change), ct).ConfigureAwait(false);
        return AlertChangeRules.UpdateOutcome(result, nameof(change));
    }

    public async Task<AlertChangeResult> ChangeAsync(AlertChangeRequest request, CancellationToken ct = default) =>
        (await ChangeManyAsync([request], ct).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<AlertChangeResult>> ChangeManyAsync(IReadOnlyList<AlertChangeRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
            return [];
        foreach (var request in requests)
            ArgumentNullException.ThrowIfNull(request);
        return await RetryingAsync(async (connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            // Locked in id order: two bulk changes over the same alerts wait for each other instead of deadlocking.
            var current = new Dictionary<string, Alert>(StringComparer.Ordinal);
            await using (var select = new NpgsqlCommand($"SELECT {AlertRows.Columns} FROM alerts a WHERE a.id = ANY(@ids) ORDER BY a.id FOR UPDATE",
                connection, transaction))
            {
                select.Parameters.Add(PostgresAlertUpsertRows.TextArray("ids", requests.Select(r => r.Id).Distinct(StringComparer.Ordinal)));
                await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var alert = AlertRows.Read(reader);
                    current[alert.Id] = alert;
                }
            }

            var results = new AlertChangeResult[requests.Count];
            var changes = new List<(Alert? Before, Alert After)>();
            var audit = new List<AuditEvent>();
            var pending = new List<Alert>();
            for (var i = 0; i < requests.Count; i++)
            {
                var request = requests[i];
                if (!current.TryGetValue(request.Id, out var before))
                {
                    results[i] = new AlertChangeResult(AlertChangeOutcome.NotFound, null);
                    continue;
                }
                if (AlertChangeRules.Decide(request, before, now, out var changed) is { } answered)
                {
                    results[i] = answered;
                    continue;
                }
                if (before.Status == AlertStatus.Resolved && changed.Status != AlertStatus.Resolved)
                {
                    // Only a reactivation can hit the active-fingerprint index: write it alone under a savepoint (after
                    // what came before it), so a refusal undoes just this change.
                    await WriteLifecycleAsync(connection, transaction, pending, ct).ConfigureAwait(false);
                    pending.Clear();
                    if (!await TryReactivateAsync(connection, transaction, changed, ct).ConfigureAwait(false))
                    {
                        results[i] = AlertChangeRules.ReactivationConflict(before);
                        continue;
                    }
                }
                else
                {
                    pending.Add(changed);
                }
                current[request.Id] = changed;
                audit.Add(new AuditEvent(request.Actor, before.Tenant, request.Action, before.Id, AlertChangeAudit.Details(before, changed, request.Details)));
                changes.Add((before, changed));
                results[i] = new AlertChangeResult(AlertChangeOutcome.Changed, changed);
            }
            await WriteLifecycleAsync(connection, transaction, pending, ct).ConfigureAwait(false);
            await WriteAfterAsync(connection, transaction, changes, audit, now, ct).ConfigureAwait(false);
            return (IReadOnlyList<AlertChangeResult>)results;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Audit entries, topic messages and change-feed events of a transaction's changes; the feed goes last (it serialises commits).</summary>
    private async Task WriteAfterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(Alert? Before, Alert After)> changes,
        List<AuditEvent> audit, DateTimeOffset now, CancellationToken ct)
    {
        if (audit.Count > 0)
            await PostgresAuditLog.AppendAsync(connection, transaction, audit, now, ct).ConfigureAwait(false);
        if (_encoder is not null && changes.Count > 0)
        {
            var messages = AlertChangeRules.TopicMessages(_encoder, changes, now);
            await PostgresAlertOutbox.InsertAsync(connection, transaction, messages, now.ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        }
        await PostgresAlertEventLog.AppendAsync(connection, transaction, changes, now, ct).ConfigureAwait(false);
    }

    private static async Task WriteLifecycleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Alert> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0)
            return;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var alert in alerts)
            batch.BatchCommands.Add(UpdateLifecycleCommand(alert));
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>False when another alert with its fingerprint is active (the unique index refuses it).</summary>
    private static async Task<bool> TryReactivateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Alert alert, CancellationToken ct)
    {
        await transaction.SaveAsync("alert_change", ct).ConfigureAwait(false);
        try
        {
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { UpdateLifecycleCommand(alert) } };
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("alert_change", ct).ConfigureAwait(false);
            return false;
        }
        await transaction.ReleaseAsync("alert_change", ct).ConfigureAwait(false);
        return true;
    }

    private static NpgsqlBatchCommand UpdateLifecycleCommand(Alert alert)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE alerts SET status = @status, disposition = @disposition, assignee = @assignee, comments = @comments,
                severity = @severity, version = @version, updated_at = @updatedAt, snoozed_until = @snoozedUntil,
                pending_resolution = @pending, silenced_by = @silencedBy, escalated_by = @escalatedBy
            WHERE id = @id
            """);
        var p = command.Parameters;
        p.Add(PostgresAlertUpsertRows.Text("id", alert.Id));
        p.Add(PostgresAlertUpsertRows.Text("status", StoredEnums.ToText(alert.Status)));
        p.Add(PostgresAlertUpsertRows.Text("disposition", alert.Disposition is { } d ? StoredEnums.ToText(d) : null));
        p.Add(PostgresAlertUpsertRows.Text("assignee", alert.Assignee));
        p.Add(PostgresAlertUpsertRows.Jsonb("comments", AlertRows.ToJson(alert.Comments)));
        p.Add(PostgresAlertUpsertRows.Text("severity", StoredEnums.ToText(alert.Severity)));
        p.Add(new NpgsqlParameter<int>("version", NpgsqlTypes.NpgsqlDbType.Integer) { TypedValue = checked((int)alert.Version) });
        p.Add(PostgresAlertUpsertRows.Bigint("updatedAt", StoredTime.ToTicks(alert.UpdatedAt)));
        p.Add(alert.SnoozedUntil is { } until
            ? PostgresAlertUpsertRows.Bigint("snoozedUntil", StoredTime.ToTicks(until))
            : new NpgsqlParameter("snoozedUntil", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = DBNull.Value });
        p.Add(PostgresAlertUpsertRows.Text("pending", alert.PendingResolution is { } pending ? AlertRows.ToJson(pending) : null));
        p.Add(PostgresAlertUpsertRows.Text("silencedBy", alert.SilencedBy));
        p.Add(PostgresAlertUpsertRows.Text("escalatedBy", alert.EscalatedBy));
        return command;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a fresh transaction and commits, again from the start when it lost a race to
    /// another writer: a unique violation (the same fingerprint opened elsewhere), a deadlock or a serialization failure.
    /// </summary>
    private async Task<T> RetryingAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                Events.Committed();
                _outbox?.NotifyAdded();
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && e.SqlState is PostgresErrorCodes.UniqueViolation
                or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Lost a race with another process: the retry reads what the winner committed. Jitter spreads the losers
                // out, so they do not collide again in the same instant.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), ct).ConfigureAwait(false);
            }
        }
    }
}
