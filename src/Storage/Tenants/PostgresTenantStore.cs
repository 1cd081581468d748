using Lepton.Monitor.Storage.Postgres;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="ITenantStore"/> for cluster mode: the same rules (<see cref="TenantRules"/>), settings JSON and
/// answers as <see cref="SqliteTenantStore"/>. Several api processes and silos share the table, so:
/// <list type="bullet">
/// <item><see cref="GetAsync"/> and <see cref="ListAsync"/> read the database, never a cache.</item>
/// <item><see cref="Snapshot"/> (the hot ingest path, synchronous) is a cache invalidated across processes: every
/// upsert sends <c>pg_notify</c> on <see cref="Channel"/> in its own transaction, and each store LISTENs and reloads the
/// tenants named; on (re)connecting and every <c>fullRefresh</c> without a notification it reloads every tenant, which
/// heals anything missed while its listening connection was down (tenants are never deleted, so reloads only add and
/// replace).</item>
/// <item>Pseudonym keys are cached: a key never changes once stored, and every process gets the stored one.</item>
/// </list>
/// Register one instance per process (a singleton) and dispose it to stop listening.
/// </summary>
public sealed class PostgresTenantStore : ITenantStore, IAsyncDisposable, IDisposable
{
    public const string Channel = "lepton_tenants";
    public static readonly TimeSpan DefaultFullRefresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private const string Columns = "id, name, jurisdictions::text, overrides::text, created_at, settings::text";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly TimeSpan _fullRefresh;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, byte[]> _pseudonymKeys = new(StringComparer.Ordinal);
    private readonly Lock _swap = new();
    private readonly Dictionary<string, long> _localWrites = new(StringComparer.Ordinal); // id → generation, under _swap
    private long _generation; // counts this process's own upserts, under _swap
    private readonly Lock _pendingLock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listener;
    private volatile FrozenDictionary<string, TenantInfo> _snapshot;

    /// <summary>Loads every tenant (synchronously, once, at start-up: the snapshot must be complete before ingest reads it) and starts listening.</summary>
    public PostgresTenantStore(NpgsqlDataSource dataSource, TimeProvider? time = null, TimeSpan? fullRefresh = null, ILogger<PostgresTenantStore>? log = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
        _fullRefresh = fullRefresh ?? DefaultFullRefresh;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_fullRefresh, TimeSpan.Zero, nameof(fullRefresh));
        _log = (ILogger?)log ?? NullLogger.Instance;
        using (var connection = dataSource.OpenConnection())
        using (var command = new NpgsqlCommand($"SELECT {Columns} FROM tenants", connection))
        using (var reader = command.ExecuteReader())
        {
            var all = new Dictionary<string, TenantInfo>(StringComparer.Ordinal);
            while (reader.Read())
                all[reader.GetString(0)] = Read(reader);
            _snapshot = all.ToFrozenDictionary(StringComparer.Ordinal);
        }
        _listener = Task.Run(ListenAsync);
    }

    public IReadOnlyDictionary<string, TenantInfo> Snapshot => _snapshot;

    public async Task<TenantInfo> UpsertAsync(TenantInfo tenant, CancellationToken ct = default)
    {
        var normalized = TenantRules.Normalize(tenant, _time.GetUtcNow());
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        // One batch is one implicit transaction: the notification goes out only if the upsert commits.
        await using var batch = new NpgsqlBatch(connection);
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO tenants (id, name, jurisdictions, overrides, created_at, updated_at, settings)
            VALUES (@id, @name, @jurisdictions, @overrides, @createdAt, @now, @settings)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, jurisdictions = excluded.jurisdictions,
                overrides = excluded.overrides, updated_at = excluded.updated_at,
                settings = COALESCE(excluded.settings, tenants.settings)
            RETURNING created_at, settings::text
            """);
        upsert.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = normalized.Id });
        upsert.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = normalized.Name });
        upsert.Parameters.Add(new NpgsqlParameter<string>("jurisdictions", NpgsqlDbType.Jsonb) { TypedValue = PostgresText.JsonWithoutNul(TenantRules.JurisdictionsJson(normalized)) });
        upsert.Parameters.Add(new NpgsqlParameter("overrides", NpgsqlDbType.Jsonb) { Value = normalized.Overrides is { } o ? PostgresText.JsonWithoutNul(o.GetRawText()) : DBNull.Value });
        upsert.Parameters.Add(new NpgsqlParameter<long>("createdAt", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(normalized.CreatedAt) });
        upsert.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(_time.GetUtcNow()) });
        // Null settings keep the stored ones (COALESCE), so the answer carries what the row now holds.
        upsert.Parameters.Add(new NpgsqlParameter("settings", NpgsqlDbType.Jsonb) { Value = (object?)PostgresText.JsonWithoutNul(TenantRules.SettingsJson(normalized)) ?? DBNull.Value });
        batch.BatchCommands.Add(upsert);
        var notify = new NpgsqlBatchCommand("SELECT pg_notify(@channel, @id)");
        notify.Parameters.Add(new NpgsqlParameter<string>("channel", NpgsqlDbType.Text) { TypedValue = Channel });
        notify.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = normalized.Id });
        batch.BatchCommands.Add(notify);

        TenantInfo stored;
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await reader.ReadAsync(ct).ConfigureAwait(false);
            stored = normalized with
            {
                CreatedAt = StoredTime.FromTicks(reader.GetInt64(0)),
                Settings = TenantRules.ReadSettings(reader.IsDBNull(1) ? null : reader.GetString(1)),
            };
        }
        // This process sees its own write at once; the others when the notification reaches them.
        lock (_swap)
        {
            _localWrites[stored.Id] = ++_generation;
            _snapshot = _snapshot.Where(p => p.Key != stored.Id).Append(new(stored.Id, stored)).ToFrozenDictionary(StringComparer.Ordinal);
        }
        return stored;
    }

    public async Task<TenantInfo?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM tenants WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<Page<TenantInfo>> ListAsync(int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor);
        // COLLATE "C": ordinal order, as the SQLite store and the cursors assume, whatever the database's collation.
        await using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM tenants
            {(after is null ? "" : "WHERE id COLLATE \"C\" > @after")}
            ORDER BY id COLLATE "C" LIMIT @limit
            """);
        if (after is not null)
            command.Parameters.Add(new NpgsqlParameter<string>("after", NpgsqlDbType.Text) { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long>("limit", NpgsqlDbType.Bigint) { TypedValue = pageSize + 1L });
        var items = new List<TenantInfo>(pageSize + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                items.Add(Read(reader));
        }
        return TenantRules.PageOf(items, pageSize);
    }

    public async Task<byte[]> GetOrCreatePseudonymKeyAsync(string tenant, CancellationToken ct = default)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        if (_pseudonymKeys.TryGetValue(tenant, out var cached))
            return (byte[])cached.Clone();

        // One statement: a first use inserts; any later one (or one racing another process) gets the stored key back,
        // because DO UPDATE waits for the competing insert and returns the row it committed.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO tenant_pseudonym_keys (tenant, key, created_at) VALUES (@tenant, @key, @now)
            ON CONFLICT (tenant) DO UPDATE SET key = tenant_pseudonym_keys.key
            RETURNING key
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("key", NpgsqlDbType.Bytea) { TypedValue = RandomNumberGenerator.GetBytes(SqliteTenantStore.PseudonymKeyBytes) });
        command.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(_time.GetUtcNow()) });
        var key = (byte[])(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        _pseudonymKeys[tenant] = key;
        return (byte[])key.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _listener.ConfigureAwait(false); // ListenAsync ends quietly once cancelled
    }

    /// <summary>For a container disposed synchronously: the listener stops at its next await.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        _listener.Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Keeps <see cref="Snapshot"/> following other processes' upserts until disposed; reconnects after any failure.</summary>
    private async Task ListenAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    lock (_pendingLock)
                        _pending.Add(e.Payload);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                // Listening first, then loading everything: an upsert committed in between is in the load or notified after it.
                await ReloadAsync(connection, null, ct).ConfigureAwait(false);
                while (!ct.IsCancellationRequested)
                {
                    string[] ids;
                    lock (_pendingLock)
                    {
                        ids = [.. _pending];
                        _pending.Clear();
                    }
                    if (ids.Length > 0)
                        await ReloadAsync(connection, ids, ct).ConfigureAwait(false);
                    else if (!await connection.WaitAsync(_fullRefresh, ct).ConfigureAwait(false))
                        await ReloadAsync(connection, null, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _log.LogWarning(e, "Following tenant changes on PostgreSQL failed; reconnecting in {Delay}", ReconnectDelay);
                try
                {
                    await Task.Delay(ReconnectDelay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return; // disposed: whatever the cancelled call threw
            }
        }
    }

    /// <summary>Reads the tenants named (null: all) and puts what the rows say into the snapshot.</summary>
    private async Task ReloadAsync(NpgsqlConnection connection, string[]? ids, CancellationToken ct)
    {
        long startedAt;
        lock (_swap)
            startedAt = _generation;
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM tenants {(ids is null ? "" : "WHERE id = ANY(@ids)")}", connection);
        if (ids is not null)
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
        var loaded = new List<TenantInfo>();
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                loaded.Add(Read(reader));
        }

        lock (_swap)
        {
            // Tenants are never deleted, so a reload only adds and replaces. A tenant this process upserted after the
            // read began is not replaced (the read may predate that commit) but read again on the next turn.
            var next = new Dictionary<string, TenantInfo>(_snapshot, StringComparer.Ordinal);
            foreach (var tenant in loaded)
            {
                if (_localWrites.TryGetValue(tenant.Id, out var generation) && generation > startedAt)
                {
                    lock (_pendingLock)
                        _pending.Add(tenant.Id);
                }
                else
                {
                    next[tenant.Id] = tenant;
                }
            }
            _snapshot = next.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    private static TenantInfo Read(NpgsqlDataReader reader) => TenantRules.FromRow(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));
}
