using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>SQLite <see cref="IAlertStore"/>. Ids are <c>al-</c> + a <see cref="SortableId"/>, so id order is creation order.</summary>
public sealed class SqliteAlertStore(LeptonDatabase db, TimeProvider? time = null) : IAlertStore
{
    /// <summary>How many record ids an alert lists; every id is still kept for idempotency and recordId queries.</summary>
    public const int MaxStoredRecordIds = 1_000;

    private const string OpenStatuses = "('open', 'acknowledged')";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<AlertUpsertResult> UpsertAsync(IReadOnlyList<AlertCandidate> candidates, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        for (var i = 0; i < candidates.Count; i++)
            Validate(candidates[i], i);
        if (candidates.Count == 0)
            return new AlertUpsertResult([], [], 0);

        return await db.WriteAsync((connection, transaction) => Upsert(connection, transaction, candidates), ct).ConfigureAwait(false);
    }

    public async Task<Alert?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = db.OpenReadConnection();
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

        using var connection = db.OpenReadConnection();
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
        return db.WriteAsync<Alert?>((connection, transaction) =>
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

    private AlertUpsertResult Upsert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AlertCandidate> candidates)
    {
        using var alreadyAlerted = connection.CreateCommand();
        alreadyAlerted.Transaction = transaction;
        // CROSS JOIN pins the join order: start from the record's few links (ix_alert_records_record), then look up
        // each alert by id. With a plain JOIN the planner scans every alert of the tenant per candidate (O(alerts)).
        alreadyAlerted.CommandText = """
            SELECT 1 FROM alert_records r CROSS JOIN alerts a ON a.id = r.alert_id
            WHERE r.record_id = $recordId AND a.tenant = $tenant AND a.fingerprint = $fingerprint
            LIMIT 1;
            """;
        var arRecord = alreadyAlerted.Parameters.Add("$recordId", SqliteType.Text);
        var arTenant = alreadyAlerted.Parameters.Add("$tenant", SqliteType.Text);
        var arFingerprint = alreadyAlerted.Parameters.Add("$fingerprint", SqliteType.Text);

        using var findOpen = connection.CreateCommand();
        findOpen.Transaction = transaction;
        findOpen.CommandText = $"SELECT {AlertRows.Columns} FROM alerts a WHERE a.tenant = $tenant AND a.fingerprint = $fingerprint AND a.status IN {OpenStatuses};";
        var foTenant = findOpen.Parameters.Add("$tenant", SqliteType.Text);
        var foFingerprint = findOpen.Parameters.Add("$fingerprint", SqliteType.Text);

        var open = new Dictionary<(string Tenant, string Fingerprint), AlertDraft?>();
        var seenRecords = new HashSet<(string Tenant, string Fingerprint, string RecordId)>();
        var touched = new List<AlertDraft>();
        var touchedSet = new HashSet<AlertDraft>(ReferenceEqualityComparer.Instance);
        var newRecordLinks = new List<(string AlertId, string RecordId)>();
        var unchanged = 0;

        foreach (var candidate in candidates)
        {
            var key = (candidate.Tenant, candidate.Fingerprint);
            if (!seenRecords.Add((candidate.Tenant, candidate.Fingerprint, candidate.RecordId)))
            {
                unchanged++;
                continue;
            }
            arRecord.Value = candidate.RecordId;
            arTenant.Value = candidate.Tenant;
            arFingerprint.Value = candidate.Fingerprint;
            if (alreadyAlerted.ExecuteScalar() is not null)
            {
                unchanged++; // replayed record: it already counted, in this alert or in one since resolved
                continue;
            }

            if (!open.TryGetValue(key, out var draft))
            {
                foTenant.Value = candidate.Tenant;
                foFingerprint.Value = candidate.Fingerprint;
                draft = AlertRows.ReadAll(findOpen).SingleOrDefault() is { } stored ? AlertDraft.FromStored(stored) : null;
                open[key] = draft;
            }
            if (draft is null)
            {
                draft = AlertDraft.Open(SortableId.New("al-", _time.GetUtcNow()), candidate);
                open[key] = draft;
                touched.Add(draft);
                touchedSet.Add(draft);
            }
            else
            {
                if (touchedSet.Add(draft))
                    touched.Add(draft);
                draft.Absorb(candidate);
            }
            newRecordLinks.Add((draft.Id, candidate.RecordId));
        }

        var created = new List<Alert>();
        var updated = new List<Alert>();
        foreach (var draft in touched)
        {
            var alert = draft.ToAlert();
            if (draft.IsNew)
            {
                AlertRows.Insert(connection, transaction, alert);
                created.Add(alert);
            }
            else
            {
                AlertRows.UpdateCounts(connection, transaction, alert);
                updated.Add(alert);
            }
        }

        using var link = connection.CreateCommand();
        link.Transaction = transaction;
        link.CommandText = "INSERT OR IGNORE INTO alert_records (alert_id, record_id) VALUES ($alertId, $recordId);";
        var linkAlert = link.Parameters.Add("$alertId", SqliteType.Text);
        var linkRecord = link.Parameters.Add("$recordId", SqliteType.Text);
        foreach (var (alertId, recordId) in newRecordLinks)
        {
            linkAlert.Value = alertId;
            linkRecord.Value = recordId;
            link.ExecuteNonQuery();
        }

        return new AlertUpsertResult(created, updated, unchanged);
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
