using System.Threading.Channels;
using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="IAlertStore"/>. Ids are <c>al-</c> + a <see cref="SortableId"/>, so id order is creation order.
/// Upserts use group commit (like the journal): callers queue their candidates, one background writer applies
/// everything queued in ONE transaction with prepared, reused statements, fsyncs once, then completes every caller.
/// Dispose it before the <see cref="LeptonDatabase"/>; disposing drains what is already queued.
/// </summary>
public sealed class SqliteAlertStore : IAlertStore, IAsyncDisposable, IDisposable
{
    /// <summary>How many record ids an alert lists; every id is still kept for idempotency and recordId queries.</summary>
    public const int MaxStoredRecordIds = 1_000;

    // A soft cap so one giant backlog does not become one giant transaction (and latency spike).
    private const int MaxGroupCandidates = 16_384;

    private readonly LeptonDatabase _db;
    private readonly TimeProvider _time;
    private readonly Channel<AlertUpsertRequest> _queue;
    private readonly Task _writerLoop;

    // Touched only by the single writer, inside the database write lock.
    private AlertWriteStatements? _statements;

    private readonly SqliteAlertOutbox? _outbox;
    private readonly IAlertChangeEncoder? _encoder;
    private readonly ISilenceMatcher? _silences;

    /// <summary>Actor of automatic changes in the audit log.</summary>
    public const string SystemActor = "system";

    /// <param name="outbox">When alerts are published: each created or changed alert's message is written to this
    /// outbox in the same transaction as the alert (no crash window between them).</param>
    /// <param name="events">The change feed every change is appended to in its transaction (one is made when not given).</param>
    /// <param name="silences">Asked for every new alert: a match stores it suppressed.</param>
    public SqliteAlertStore(LeptonDatabase db, TimeProvider? time = null, SqliteAlertOutbox? outbox = null, IAlertChangeEncoder? encoder = null,
        SqliteAlertEventLog? events = null, ISilenceMatcher? silences = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        if ((outbox is null) != (encoder is null))
            throw new ArgumentException("an outbox needs an encoder and an encoder an outbox");
        _db = db;
        _outbox = outbox;
        _encoder = encoder;
        _silences = silences;
        Events = events ?? new SqliteAlertEventLog(db);
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<AlertUpsertRequest>(new BoundedChannelOptions(1024)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writerLoop = Task.Run(RunWriterAsync);
    }

    /// <summary>The change feed this store appends to.</summary>
    public SqliteAlertEventLog Events { get; }

    /// <summary>Stops taking upserts, commits what is queued, then releases the statements.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        _statements?.Dispose();
    }

    /// <summary>For containers that dispose synchronously; the writer loop runs on the thread pool, so this cannot deadlock.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async Task<AlertUpsertResult> UpsertAsync(IReadOnlyList<AlertCandidate> candidates, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        for (var i = 0; i < candidates.Count; i++)
            AlertCandidateRules.Validate(candidates[i], i);
        if (candidates.Count == 0)
            return new AlertUpsertResult([], [], 0);

        var request = new AlertUpsertRequest(candidates);
        try
        {
            await _queue.Writer.WriteAsync(request, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteAlertStore));
        }
        return await request.Task.ConfigureAwait(false);
    }

    public async Task<Alert?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = _db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AlertRows.Columns} FROM alerts a WHERE a.id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return reader.Read() ? AlertRows.Read(reader) : null;
    }

    public Task<Page<Alert>> QueryAsync(AlertQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.ValidatePageSize(query.PageSize);
        var before = Paging.DecodeCursor(query.Cursor);
        ct.ThrowIfCancellationRequested();

        using var connection = _db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string condition, string name, object? value)
        {
            if (value is null)
                return;
            where.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }
        Filter("a.tenant = $tenant", "$tenant", query.Tenant);
        Filter("a.jurisdiction = $jurisdiction", "$jurisdiction", query.Jurisdiction);
        Filter("a.kind = $kind", "$kind", query.Kind is { } kind ? StoredEnums.ToText(kind) : null);
        Filter("a.severity = $severity", "$severity", query.Severity is { } severity ? StoredEnums.ToText(severity) : null);
        Filter("a.status = $status", "$status", query.Status is { } status ? StoredEnums.ToText(status) : null);
        Filter("a.last_seen >= $since", "$since", query.Since is { } since ? StoredTime.ToTicks(since) : null);
        Filter("a.rule_kind = $ruleKind", "$ruleKind", query.RuleKind);
        Filter("a.entity = $entity", "$entity", query.Entity);
        Filter("a.id IN (SELECT alert_id FROM alert_records WHERE record_id = $recordId)", "$recordId", query.RecordId);
        Filter("a.id < $before", "$before", before);
        command.CommandText = $"""
            SELECT {AlertRows.Columns} FROM alerts a
            {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY a.id DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);

        var alerts = AlertRows.ReadAll(command);
        string? next = null;
        if (alerts.Count > query.PageSize)
        {
            alerts.RemoveAt(alerts.Count - 1);
            next = Paging.EncodeCursor(alerts[^1].Id);
        }
        return Task.FromResult(new Page<Alert>(alerts, next));
    }

    public async Task<Alert?> UpdateAsync(string id, Func<Alert, Alert> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(change);
        var result = await ChangeAsync(new AlertChangeRequest(id, null, SystemActor, "alert.updated", change), ct).ConfigureAwait(false);
        return AlertChangeRules.UpdateOutcome(result, nameof(change));
    }

    public async Task<AlertChangeResult> ChangeAsync(AlertChangeRequest request, CancellationToken ct = default) =>
        (await ChangeManyAsync([request], ct).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<AlertChangeResult>> ChangeManyAsync(IReadOnlyList<AlertChangeRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
            return [];
        var (results, lastSeq, published) = await _db.WriteAsync((connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            var results = new AlertChangeResult[requests.Count];
            var changes = new List<(Alert? Before, Alert After)>();
            using var audit = new AuditAppender(connection, transaction);
            for (var i = 0; i < requests.Count; i++)
            {
                results[i] = ApplyChange(connection, transaction, audit, requests[i], now);
                if (results[i].Outcome == AlertChangeOutcome.Changed)
                    changes.Add((_lastBefore, results[i].Alert!));
            }
            var lastSeq = SqliteAlertEventLog.Append(connection, transaction, changes, now);
            var published = WriteOutbox(connection, transaction, changes, now);
            return (results, lastSeq, published);
        }, ct).ConfigureAwait(false);
        Events.Committed(lastSeq);
        if (published)
            _outbox!.NotifyAdded();
        return results;
    }

    // The alert before the change ApplyChange just made; read inside the writer only.
    private Alert? _lastBefore;

    private AlertChangeResult ApplyChange(SqliteConnection connection, SqliteTransaction transaction, AuditAppender audit, AlertChangeRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {AlertRows.Columns} FROM alerts a WHERE a.id = $id;";
        select.Parameters.AddWithValue("$id", request.Id);
        var current = AlertRows.ReadAll(select).SingleOrDefault();
        if (current is null)
            return new AlertChangeResult(AlertChangeOutcome.NotFound, null);
        if (AlertChangeRules.Decide(request, current, now, out var changed) is { } answered)
            return answered;

        using (var savepoint = connection.CreateCommand())
        {
            savepoint.Transaction = transaction;
            savepoint.CommandText = "SAVEPOINT alert_change;";
            savepoint.ExecuteNonQuery();
        }
        try
        {
            AlertRows.UpdateLifecycle(connection, transaction, changed);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
        {
            LeptonDatabase.Execute(connection, "ROLLBACK TO alert_change; RELEASE alert_change;", transaction);
            return AlertChangeRules.ReactivationConflict(current);
        }
        LeptonDatabase.Execute(connection, "RELEASE alert_change;", transaction);
        audit.Append(new AuditEvent(request.Actor, current.Tenant, request.Action, current.Id, AlertChangeAudit.Details(current, changed, request.Details)), now);
        _lastBefore = current;
        return new AlertChangeResult(AlertChangeOutcome.Changed, changed);
    }

    /// <summary>The alert topic's messages for changes subscribers are told of; true when any was written.</summary>
    private bool WriteOutbox(SqliteConnection connection, SqliteTransaction transaction, List<(Alert? Before, Alert After)> changes, DateTimeOffset now)
    {
        if (_outbox is null)
            return false;
        var messages = AlertChangeRules.TopicMessages(_encoder!, changes, now);
        if (messages.Count == 0)
            return false;
        SqliteAlertOutbox.Insert(connection, transaction, messages, now.ToUnixTimeMilliseconds());
        return true;
    }

    private Task RunWriterAsync() => GroupCommitLoop.RunAsync(_queue.Reader, MaxGroupCandidates, CommitAsync);

    private async Task CommitAsync(IReadOnlyList<AlertUpsertRequest> group)
    {
        var (lastSeq, published) = await _db.WriteAsync((connection, transaction) =>
        {
            _statements ??= new AlertWriteStatements(connection);
            _statements.Enlist(transaction);
            var now = _time.GetUtcNow();
            var upsert = new AlertUpsertGroup(_statements, _time, _silences);
            foreach (var request in group)
                request.Result = upsert.Apply(request.Candidates);
            upsert.Write();

            var (changes, auditEvents) = AlertChangeRules.OfUpserts(group.Select(r => r.Result!), upsert.ClearedApprovals, SystemActor);
            using var audit = new AuditAppender(connection, transaction);
            foreach (var entry in auditEvents)
                audit.Append(entry, now);
            var lastSeq = SqliteAlertEventLog.Append(connection, transaction, changes, now);
            var published = WriteOutbox(connection, transaction, changes, now);
            return (lastSeq, published);
        }).ConfigureAwait(false);
        Events.Committed(lastSeq);
        if (published)
            _outbox!.NotifyAdded();
        foreach (var request in group)
            request.Complete();
    }
}
