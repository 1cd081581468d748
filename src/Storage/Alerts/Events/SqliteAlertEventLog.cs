using System.Text.Json;
using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IAlertEventLog"/> in the embedded store's <c>alert_events</c> table. The alert store appends inside its
/// own write transactions (<see cref="Append"/>) and calls <see cref="Committed"/> after they commit, which wakes
/// the waiting readers; readers poll nothing while idle.
/// </summary>
public sealed class SqliteAlertEventLog(LeptonDatabase db) : IAlertEventLog
{
    /// <summary>How long events stay resumable (SSE <c>Last-Event-ID</c>, webhook range replay).</summary>
    public static readonly TimeSpan DefaultRetention = IAlertEventLog.DefaultRetention;

    private readonly object _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastCommitted = -1; // unknown until read or appended

    /// <summary>The alert JSON of the HTTP API (camelCase, kebab-case enums, nulls left out).</summary>
    public static string Serialize(Alert alert) => JsonSerializer.Serialize(alert, StorageJson.Options);

    /// <summary>Appends one event per change inside the caller's transaction; returns the last seq written (0: none).</summary>
    internal static long Append(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(Alert? Before, Alert After)> changes, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO alert_events (tenant, alert_id, type, at, jurisdiction, kind, severity, status, notify, alert)
            VALUES ($tenant, $alertId, $type, $at, $jurisdiction, $kind, $severity, $status, $notify, $alert)
            RETURNING seq;
            """;
        var p = command.Parameters;
        var tenant = p.Add("$tenant", SqliteType.Text);
        var alertId = p.Add("$alertId", SqliteType.Text);
        var type = p.Add("$type", SqliteType.Text);
        p.AddWithValue("$at", StoredTime.ToTicks(now));
        var jurisdiction = p.Add("$jurisdiction", SqliteType.Text);
        var kind = p.Add("$kind", SqliteType.Text);
        var severity = p.Add("$severity", SqliteType.Text);
        var status = p.Add("$status", SqliteType.Text);
        var notify = p.Add("$notify", SqliteType.Integer);
        var json = p.Add("$alert", SqliteType.Text);
        long last = 0;
        foreach (var (before, after) in changes)
        {
            tenant.Value = after.Tenant;
            alertId.Value = after.Id;
            type.Value = AlertEventTypes.Of(before, after);
            jurisdiction.Value = after.Jurisdiction;
            kind.Value = StoredEnums.ToText(after.Kind);
            severity.Value = StoredEnums.ToText(after.Severity);
            status.Value = StoredEnums.ToText(after.Status);
            notify.Value = AlertEventTypes.Notifies(before, after) ? 1 : 0;
            json.Value = Serialize(after);
            last = (long)command.ExecuteScalar()!;
        }
        return last;
    }

    /// <summary>Called by the writer after the transaction holding events up to <paramref name="lastSeq"/> committed.</summary>
    internal void Committed(long lastSeq)
    {
        if (lastSeq <= 0)
            return;
        TaskCompletionSource woken;
        lock (_gate)
        {
            if (lastSeq > _lastCommitted)
                _lastCommitted = lastSeq;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    public Task<IReadOnlyList<AlertEvent>> ReadAfterAsync(long afterSeq, int max, AlertEventFilter? filter = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ct.ThrowIfCancellationRequested();
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = new List<string> { "seq > $after" };
        command.Parameters.AddWithValue("$after", afterSeq);
        void Filter(string condition, string name, object? value)
        {
            if (value is null)
                return;
            where.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }
        Filter("tenant = $tenant", "$tenant", filter?.Tenant);
        Filter("jurisdiction = $jurisdiction", "$jurisdiction", filter?.Jurisdiction);
        Filter("kind = $kind", "$kind", filter?.Kind is { } k ? StoredEnums.ToText(k) : null);
        Filter("severity = $severity", "$severity", filter?.Severity is { } s ? StoredEnums.ToText(s) : null);
        Filter("status = $status", "$status", filter?.Status is { } st ? StoredEnums.ToText(st) : null);
        if (filter?.NotifyOnly == true)
            where.Add("notify = 1");
        command.CommandText = $"""
            SELECT seq, type, tenant, alert_id, at, jurisdiction, kind, severity, status, notify, alert
            FROM alert_events WHERE {string.Join(" AND ", where)} ORDER BY seq LIMIT $max;
            """;
        command.Parameters.AddWithValue("$max", max);
        var events = new List<AlertEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(new AlertEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), StoredTime.FromTicks(reader.GetInt64(4)),
                reader.GetString(5), StoredEnums.ToAlertKind(reader.GetString(6)), StoredEnums.ToSeverity(reader.GetString(7)),
                StoredEnums.ToAlertStatus(reader.GetString(8)), reader.GetInt64(9) != 0, reader.GetString(10)));
        }
        return Task.FromResult<IReadOnlyList<AlertEvent>>(events);
    }

    public Task<long> LastSeqAsync(CancellationToken ct = default) =>
        Task.FromResult(Scalar("SELECT COALESCE(MAX(seq), 0) FROM alert_events;"));

    public Task<long> FirstSeqAsync(CancellationToken ct = default) =>
        Task.FromResult(Scalar("SELECT COALESCE(MIN(seq), 0) FROM alert_events;"));

    public async Task WaitForEventsAsync(long afterSeq, TimeSpan timeout, CancellationToken ct = default)
    {
        Task next;
        lock (_gate)
        {
            next = _next.Task;
            if (_lastCommitted > afterSeq)
                return;
        }
        if (_lastCommitted < 0 && Scalar("SELECT COALESCE(MAX(seq), 0) FROM alert_events;") > afterSeq)
            return; // events committed before this process started (or before anyone waited)
        try
        {
            await next.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM alert_events WHERE at < $before AND seq < (SELECT MAX(seq) FROM alert_events);";
            command.Parameters.AddWithValue("$before", StoredTime.ToTicks(before));
            return command.ExecuteNonQuery();
        }, ct);

    private long Scalar(string sql)
    {
        using var connection = db.OpenReadConnection();
        return Convert.ToInt64(LeptonDatabase.ExecuteScalar(connection, sql), System.Globalization.CultureInfo.InvariantCulture);
    }
}
