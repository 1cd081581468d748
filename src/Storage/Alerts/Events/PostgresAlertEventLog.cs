using System.Globalization;
using Lepton.Monitor.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IAlertEventLog"/> in PostgreSQL's <c>alert_events</c>, for cluster mode: silos append (inside the alert
/// store's transactions, <see cref="AppendAsync"/>), api processes read and wait.
/// <para>
/// Commit order without gaps: an identity seq is taken at INSERT, not at commit, so a slow transaction could commit
/// seq 5 after a reader already moved past 6 and the reader would never see 5. Appending therefore first takes one
/// transaction-scoped advisory lock (<see cref="AppendLockKey"/>), held until commit: event-writing transactions take
/// their seqs and commit one after another, so a committed seq is never followed by an earlier one. Appends are the
/// last statements of their transactions, so the lock is held only for the insert and the commit.
/// </para>
/// <para>
/// Waking across processes: the appending transaction sends <c>pg_notify</c> (delivered only on commit) to
/// <see cref="Channel"/>; each process LISTENs on one connection, and waiters also poll every
/// <see cref="PollInterval"/> in case a notification is lost (a dropped listener connection is reopened).
/// </para>
/// </summary>
public sealed class PostgresAlertEventLog : IAlertEventLog, IAsyncDisposable
{
    /// <summary>The notification channel appends notify on commit.</summary>
    public const string Channel = "lepton_alert_events";

    /// <summary>The advisory lock that serialises event-appending transactions ("LeptonAE" in ASCII).</summary>
    internal const long AppendLockKey = 0x4C65_7074_6F6E_4145;

    /// <summary>How often a waiter re-reads the last seq when no notification came (lost notifications, listener reconnects).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listener;

    public PostgresAlertEventLog(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>Appends one event per change inside the caller's transaction and notifies on commit; returns the last seq (0: none).</summary>
    internal static async Task<long> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<(Alert? Before, Alert After)> changes, DateTimeOffset now, CancellationToken ct)
    {
        if (changes.Count == 0)
            return 0;
        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@key)");
        lockCommand.Parameters.Add(new NpgsqlParameter<long>("key", NpgsqlDbType.Bigint) { TypedValue = AppendLockKey });
        batch.BatchCommands.Add(lockCommand);
        var insert = new NpgsqlBatchCommand("""
            WITH added AS (
                INSERT INTO alert_events (tenant, alert_id, type, at, jurisdiction, kind, severity, status, notify, alert)
                SELECT tenant, alert_id, type, @at, jurisdiction, kind, severity, status, notify, alert
                FROM unnest(@tenants, @alertIds, @types, @jurisdictions, @kinds, @severities, @statuses, @notifies, @alerts)
                    WITH ORDINALITY AS e(tenant, alert_id, type, jurisdiction, kind, severity, status, notify, alert, n)
                ORDER BY n
                RETURNING seq)
            SELECT max(seq) FROM added
            """);
        var p = insert.Parameters;
        p.Add(PostgresAlertUpsertRows.Bigint("at", StoredTime.ToTicks(now)));
        p.Add(PostgresAlertUpsertRows.TextArray("tenants", changes.Select(c => c.After.Tenant)));
        p.Add(PostgresAlertUpsertRows.TextArray("alertIds", changes.Select(c => c.After.Id)));
        p.Add(PostgresAlertUpsertRows.TextArray("types", changes.Select(c => AlertEventTypes.Of(c.Before, c.After))));
        p.Add(PostgresAlertUpsertRows.TextArray("jurisdictions", changes.Select(c => c.After.Jurisdiction)));
        p.Add(PostgresAlertUpsertRows.TextArray("kinds", changes.Select(c => StoredEnums.ToText(c.After.Kind))));
        p.Add(PostgresAlertUpsertRows.TextArray("severities", changes.Select(c => StoredEnums.ToText(c.After.Severity))));
        p.Add(PostgresAlertUpsertRows.TextArray("statuses", changes.Select(c => StoredEnums.ToText(c.After.Status))));
        p.Add(new NpgsqlParameter<bool[]>("notifies", NpgsqlDbType.Array | NpgsqlDbType.Boolean)
        {
            TypedValue = [.. changes.Select(c => AlertEventTypes.Notifies(c.Before, c.After))],
        });
        p.Add(PostgresAlertUpsertRows.TextArray("alerts", changes.Select(c => SqliteAlertEventLog.Serialize(c.After))));
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', '')"));
        long last = 0;
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            // Results: the lock's row, then max(seq), then pg_notify's row.
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
                last = reader.GetInt64(0);
        }
        return last;
    }

    /// <summary>Wakes this process's waiters at once after a local commit (the notification follows for every other process).</summary>
    internal void Committed()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    public async Task<IReadOnlyList<AlertEvent>> ReadAfterAsync(long afterSeq, int max, AlertEventFilter? filter = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var command = _dataSource.CreateCommand();
        var where = new List<string> { "seq > @after" };
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("after", afterSeq));
        void Filter(string condition, string name, string? value)
        {
            if (value is null)
                return;
            where.Add(condition);
            command.Parameters.Add(PostgresAlertUpsertRows.Text(name, value));
        }
        Filter("tenant = @tenant", "tenant", filter?.Tenant);
        Filter("jurisdiction = @jurisdiction", "jurisdiction", filter?.Jurisdiction);
        Filter("kind = @kind", "kind", filter?.Kind is { } k ? StoredEnums.ToText(k) : null);
        Filter("severity = @severity", "severity", filter?.Severity is { } s ? StoredEnums.ToText(s) : null);
        Filter("status = @status", "status", filter?.Status is { } st ? StoredEnums.ToText(st) : null);
        if (filter?.NotifyOnly == true)
            where.Add("notify");
        command.CommandText = $"""
            SELECT seq, type, tenant, alert_id, at, jurisdiction, kind, severity, status, notify, alert
            FROM alert_events WHERE {string.Join(" AND ", where)} ORDER BY seq LIMIT @max
            """;
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("max", max));
        var events = new List<AlertEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(new AlertEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), StoredTime.FromTicks(reader.GetInt64(4)),
                reader.GetString(5), StoredEnums.ToAlertKind(reader.GetString(6)), StoredEnums.ToSeverity(reader.GetString(7)),
                StoredEnums.ToAlertStatus(reader.GetString(8)), reader.GetBoolean(9), reader.GetString(10)));
        }
        return events;
    }

    public Task<long> LastSeqAsync(CancellationToken ct = default) => ScalarAsync("SELECT COALESCE(MAX(seq), 0) FROM alert_events", ct);

    public Task<long> FirstSeqAsync(CancellationToken ct = default) => ScalarAsync("SELECT COALESCE(MIN(seq), 0) FROM alert_events", ct);

    public async Task WaitForEventsAsync(long afterSeq, TimeSpan timeout, CancellationToken ct = default)
    {
        EnsureListening();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            Task next;
            lock (_gate)
                next = _next.Task; // taken before the read, so a commit between the two still wakes this wait
            if (await LastSeqAsync(ct).ConfigureAwait(false) > afterSeq)
                return;
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero)
                return;
            try
            {
                await next.WaitAsync(remaining < PollInterval ? remaining : PollInterval, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM alert_events WHERE at < @before AND seq < (SELECT MAX(seq) FROM alert_events)");
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("before", StoredTime.ToTicks(before)));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? listener;
        lock (_gate)
            listener = _listener;
        if (listener is not null)
            await listener.ConfigureAwait(false);
        _stop.Dispose();
    }

    private void EnsureListening()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _listener ??= Task.Run(ListenAsync);
        }
    }

    /// <summary>Holds one LISTEN connection for the process; reopens it after a failure (waiters poll meanwhile).</summary>
    private async Task ListenAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                connection.Notification += (_, _) => Committed();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                Committed(); // anything committed before LISTEN took effect: let waiters re-read
                while (true)
                    await connection.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                try
                {
                    await Task.Delay(PollInterval, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
