using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="ISilenceStore"/> for cluster mode: the same ids, states, paging and audit entries as
/// <see cref="SqliteSilenceStore"/>. Silences are created on api processes and matched on silos, whose
/// <see cref="SilenceBook"/> reloads from here on an interval (<c>SilenceBookRefresher</c>). The expiry bookkeeping is
/// safe with several passes running at once: <see cref="MarkReleasedAsync"/> locks the row, so the
/// <c>silence.expired</c> entry of a silence whose end passed is written once.
/// Alerts are read through <see cref="IAlertStore"/> (their rows are that store's business).
/// <para>
/// Unlike SQLite there is no single writer to read behind when a silence starts: a silo whose book has not reloaded the
/// silence yet may store a matching alert open after the start was applied. So a started silence is handed to the
/// expiry pass again for <see cref="DefaultReapplyWindow"/> after it was applied (<see cref="ListStartedUnappliedAsync"/>);
/// applying again changes only such stragglers.
/// </para>
/// </summary>
public sealed class PostgresSilenceStore : ISilenceStore
{
    /// <summary>
    /// How long after its start was applied a silence is applied again by the passes: longer than a book's reload
    /// interval (2 s) plus one expiry pass interval (5 s).
    /// </summary>
    public static readonly TimeSpan DefaultReapplyWindow = TimeSpan.FromSeconds(10);

    private const string Columns = SilenceRows.Columns;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IAlertStore _alerts;
    private readonly TimeProvider _time;
    private readonly TimeSpan _reapplyWindow;

    public PostgresSilenceStore(NpgsqlDataSource dataSource, IAlertStore alerts, TimeProvider? time = null, TimeSpan? reapplyWindow = null)
    {
        _reapplyWindow = reapplyWindow ?? DefaultReapplyWindow;
        ArgumentOutOfRangeException.ThrowIfLessThan(_reapplyWindow, TimeSpan.Zero, nameof(reapplyWindow));
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(alerts);
        _dataSource = dataSource;
        _alerts = alerts;
        _time = time ?? TimeProvider.System;
    }

    public async Task<Silence> CreateAsync(Silence silence, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(silence);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO silences ({Columns}) VALUES (@id, @tenant, @matchers, @startsAt, @endsAt, @createdBy, @comment, @createdAt, @updatedAt)
            """, connection, transaction))
        {
            var p = insert.Parameters;
            p.AddWithValue("id", silence.Id);
            p.AddWithValue("tenant", silence.Tenant);
            p.AddWithValue("matchers", NpgsqlDbType.Jsonb, PostgresText.JsonWithoutNul(SilenceRows.MatchersJson(silence)));
            p.AddWithValue("startsAt", StoredTime.ToTicks(silence.StartsAt));
            p.AddWithValue("endsAt", StoredTime.ToTicks(silence.EndsAt));
            p.AddWithValue("createdBy", PostgresText.WithoutNul(silence.CreatedBy));
            p.AddWithValue("comment", PostgresText.WithoutNul(silence.Comment));
            p.AddWithValue("createdAt", StoredTime.ToTicks(silence.CreatedAt));
            p.AddWithValue("updatedAt", StoredTime.ToTicks(silence.UpdatedAt));
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await PostgresAuditLog.AppendAsync(connection, transaction, [SilenceRows.Created(silence, actor)], _time.GetUtcNow(), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return silence.At(_time.GetUtcNow());
    }

    public async Task<Silence?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        return (await GetAsync(connection, null, id, forUpdate: false, ct).ConfigureAwait(false))?.At(_time.GetUtcNow());
    }

    public async Task<Page<Silence>> ListAsync(SilenceQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.ValidatePageSize(query.PageSize);
        var before = Paging.DecodeCursor(query.Cursor);
        var now = _time.GetUtcNow();
        var state = query.State switch
        {
            SilenceState.Pending => "starts_at > @now",
            SilenceState.Active => "starts_at <= @now AND ends_at > @now",
            SilenceState.Expired => "ends_at <= @now",
            _ => "true",
        };
        await using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM silences
            WHERE (@tenant::text IS NULL OR tenant = @tenant) AND (@before::text IS NULL OR id COLLATE "C" < @before) AND {state}
            ORDER BY id COLLATE "C" DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", NpgsqlDbType.Text, (object?)query.Tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("before", NpgsqlDbType.Text, (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("now", StoredTime.ToTicks(now));
        command.Parameters.AddWithValue("limit", query.PageSize + 1);
        var items = await ReadAllAsync(command, ct).ConfigureAwait(false);
        return SilenceRows.ToPage(items.Select(s => s.At(now)).ToList(), query.PageSize);
    }

    public async Task<Silence?> ExpireAsync(string id, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Locked: two processes expiring one silence at once audit it once (the second finds it expired).
        var now = _time.GetUtcNow();
        var current = await GetAsync(connection, transaction, id, forUpdate: true, ct).ConfigureAwait(false);
        if (current is null || current.EndsAt <= now)
            return current?.At(_time.GetUtcNow());
        var expired = SilenceRows.ExpiredEarly(current, now);
        await using (var update = new NpgsqlCommand(
            "UPDATE silences SET starts_at = @startsAt, ends_at = @endsAt, updated_at = @now, expired_by = @actor WHERE id = @id", connection, transaction))
        {
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("startsAt", StoredTime.ToTicks(expired.StartsAt));
            update.Parameters.AddWithValue("endsAt", StoredTime.ToTicks(expired.EndsAt));
            update.Parameters.AddWithValue("now", StoredTime.ToTicks(now));
            update.Parameters.AddWithValue("actor", actor);
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await PostgresAuditLog.AppendAsync(connection, transaction, [SilenceRows.ExpiredByRequest(current, actor, now)], now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return expired.At(_time.GetUtcNow());
    }

    public Task<IReadOnlyList<Silence>> ListLiveAsync(DateTimeOffset now, CancellationToken ct = default) => ListWhereAsync("ends_at > @now", now, ct);

    /// <summary>Through the alert store, a page at a time (see the class summary for alerts that commit after this read).</summary>
    public async Task<IReadOnlyList<Alert>> ListSuppressibleAsync(string tenant, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var alerts = await ReadAllAlertsAsync(tenant, AlertStatus.Open, ct).ConfigureAwait(false);
        alerts.AddRange(await ReadAllAlertsAsync(tenant, AlertStatus.Acknowledged, ct).ConfigureAwait(false));
        return alerts;
    }

    public async Task<IReadOnlyList<Alert>> ListSuppressedByAsync(string tenant, string silenceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(silenceId);
        var suppressed = await ReadAllAlertsAsync(tenant, AlertStatus.Suppressed, ct).ConfigureAwait(false);
        return suppressed.Where(a => a.SilencedBy == silenceId).ToList();
    }

    private async Task<List<Alert>> ReadAllAlertsAsync(string tenant, AlertStatus status, CancellationToken ct)
    {
        var alerts = new List<Alert>();
        string? cursor = null;
        do
        {
            var page = await _alerts.QueryAsync(new AlertQuery { Tenant = tenant, Status = status, PageSize = Paging.MaxPageSize, Cursor = cursor }, ct)
                .ConfigureAwait(false);
            alerts.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return alerts;
    }

    /// <summary>Also those applied less than the reapply window ago (see the class summary).</summary>
    public async Task<IReadOnlyList<Silence>> ListStartedUnappliedAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM silences
            WHERE (applied_at IS NULL OR applied_at > @appliedAfter) AND starts_at <= @now AND ends_at > @now
            ORDER BY id COLLATE "C"
            """);
        command.Parameters.AddWithValue("now", StoredTime.ToTicks(now));
        command.Parameters.AddWithValue("appliedAfter", StoredTime.ToTicks(now - _reapplyWindow));
        return (await ReadAllAsync(command, ct).ConfigureAwait(false)).Select(s => s.At(now)).ToList();
    }

    public Task<IReadOnlyList<Silence>> ListEndedUnreleasedAsync(DateTimeOffset now, CancellationToken ct = default) =>
        ListWhereAsync("released_at IS NULL AND ends_at <= @now", now, ct);

    public async Task MarkAppliedAsync(string id, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("UPDATE silences SET applied_at = @now WHERE id = @id AND applied_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", StoredTime.ToTicks(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task MarkReleasedAsync(string id, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        string tenant;
        long endsAt;
        bool expiredBySomeone;
        // The row lock makes a second pass (another process) wait, then see released_at and do nothing.
        await using (var select = new NpgsqlCommand(
            "SELECT tenant, ends_at, expired_by, released_at FROM silences WHERE id = @id FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false) || !reader.IsDBNull(3))
                return;
            (tenant, endsAt, expiredBySomeone) = (reader.GetString(0), reader.GetInt64(1), !reader.IsDBNull(2));
        }
        await using (var update = new NpgsqlCommand(
            "UPDATE silences SET released_at = @now, expired_by = COALESCE(expired_by, @system) WHERE id = @id", connection, transaction))
        {
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("now", StoredTime.ToTicks(now));
            update.Parameters.AddWithValue("system", SqliteAlertStore.SystemActor);
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        if (!expiredBySomeone)
            await PostgresAuditLog.AppendAsync(connection, transaction, [SilenceRows.EndPassed(id, tenant, endsAt)], now, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Silence>> ListWhereAsync(string condition, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM silences WHERE {condition} ORDER BY id COLLATE \"C\"");
        command.Parameters.AddWithValue("now", StoredTime.ToTicks(now));
        return (await ReadAllAsync(command, ct).ConfigureAwait(false)).Select(s => s.At(now)).ToList();
    }

    private static async Task<Silence?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, bool forUpdate, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM silences WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        return (await ReadAllAsync(command, ct).ConfigureAwait(false)).SingleOrDefault();
    }

    private static async Task<List<Silence>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var silences = new List<Silence>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            silences.Add(SilenceRows.Read(reader));
        return silences;
    }
}
