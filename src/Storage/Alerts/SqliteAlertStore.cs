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

    /// <param name="outbox">When alerts are published: each created or changed alert's message is written to this
    /// outbox in the same transaction as the alert (no crash window between them).</param>
    public SqliteAlertStore(LeptonDatabase db, TimeProvider? time = null, SqliteAlertOutbox? outbox = null, IAlertChangeEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        if ((outbox is null) != (encoder is null))
            throw new ArgumentException("an outbox needs an encoder and an encoder an outbox");
        _db = db;
        _outbox = outbox;
        _encoder = encoder;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<AlertUpsertRequest>(new BoundedChannelOptions(1024)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writerLoop = Task.Run(RunWriterAsync);
    }

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
            Validate(candidates[i], i);
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

    public Task<Alert?> UpdateAsync(string id, Func<Alert, Alert> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(change);
        return _db.WriteAsync<Alert?>((connection, transaction) =>
        {
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = $"SELECT {AlertRows.Columns} FROM alerts a WHERE a.id = $id;";
            select.Parameters.AddWithValue("$id", id);
            var current = AlertRows.ReadAll(select).SingleOrDefault();
            if (current is null)
                return null;

            var changed = change(current) ?? throw new InvalidOperationException("the change returned no alert");
            var onlyTriage = changed with
            {
                Status = current.Status,
                Disposition = current.Disposition,
                Assignee = current.Assignee,
                Comments = current.Comments,
            };
            if (!onlyTriage.Equals(current))
                throw new ArgumentException("triage may change only status, disposition, assignee and comments", nameof(change));
            if (ReferenceEquals(changed, current))
                return current;

            try
            {
                AlertRows.UpdateTriage(connection, transaction, changed);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
            {
                throw new InvalidOperationException($"alert {id} cannot be reopened: another alert with its fingerprint is open", e);
            }
            return changed;
        }, ct);
    }

    private Task RunWriterAsync() => GroupCommitLoop.RunAsync(_queue.Reader, MaxGroupCandidates, CommitAsync);

    private List<OutboxMessage> OutboxMessages(IReadOnlyList<AlertUpsertRequest> group)
    {
        var now = _time.GetUtcNow();
        var messages = new List<OutboxMessage>();
        foreach (var request in group)
        {
            foreach (var alert in request.Result!.Created)
                messages.Add(_encoder!.Encode(alert, created: true, now));
            foreach (var alert in request.Result.Updated)
                messages.Add(_encoder!.Encode(alert, created: false, now));
        }
        return messages;
    }

    private async Task CommitAsync(IReadOnlyList<AlertUpsertRequest> group)
    {
        await _db.WriteAsync((connection, transaction) =>
        {
            _statements ??= new AlertWriteStatements(connection);
            _statements.Enlist(transaction);
            var upsert = new AlertUpsertGroup(_statements, _time);
            foreach (var request in group)
                request.Result = upsert.Apply(request.Candidates);
            upsert.Write();
            if (_outbox is not null)
                SqliteAlertOutbox.Insert(connection, transaction, OutboxMessages(group), _time.GetUtcNow().ToUnixTimeMilliseconds());
        }).ConfigureAwait(false);
        _outbox?.NotifyAdded();
        foreach (var request in group)
            request.Complete();
    }

    private static void Validate(AlertCandidate? candidate, int index)
    {
        if (candidate is null)
            throw new ArgumentException($"candidates[{index}] is null", "candidates");
        if (string.IsNullOrEmpty(candidate.Tenant) || string.IsNullOrEmpty(candidate.Fingerprint) || string.IsNullOrEmpty(candidate.RecordId))
            throw new ArgumentException($"candidates[{index}]: tenant, fingerprint and recordId are required", "candidates");
        if (candidate.Explanation is null)
            throw new ArgumentException($"candidates[{index}]: explanation is required", "candidates");
    }
}
