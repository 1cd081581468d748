using Lepton.Monitor.Storage.Postgres;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IAuditLog"/> for cluster mode, over migration 2's <c>audit_log</c> (whose triggers refuse
/// UPDATE, DELETE and TRUNCATE): the same validation, chain rule, paging and verification as <see cref="SqliteAuditLog"/>.
/// Writers in several processes keep ONE chain: every append takes a transaction-scoped advisory lock before it reads
/// the head, so appends are serialised to commit order and seq stays gapless (the seq primary key would refuse a fork
/// anyway). PostgreSQL text cannot hold U+0000, so a NUL in an entry is stored — and hashed — as U+FFFD.
/// </summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource, TimeProvider? time = null) : IAuditLog
{
    // The two-int advisory lock of the chain: a namespace of its own ("LAU1") and one key, the whole log.
    private const int ChainLockSpace = 0x4C415531;
    private const int ChainLockKey = 1;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<AuditEntry> AppendAsync(AuditEvent entry, CancellationToken ct = default)
    {
        SqliteAuditLog.ValidatedDetails(entry);
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var stored = await AppendAsync(connection, transaction, [entry], _time.GetUtcNow(), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return stored[0];
    }

    /// <summary>
    /// Appends inside a caller's transaction (an alert, silence or webhook change), so the change and its audit entries
    /// commit together; two round trips however many entries. Validates every entry first (nothing is written when one
    /// is bad). The chain lock is held until the caller's transaction ends, so call this as late in it as possible:
    /// every other audited write in the cluster waits for that commit.
    /// </summary>
    internal static async Task<IReadOnlyList<AuditEntry>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<AuditEvent> entries, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
            return [];
        var details = new string[entries.Count];
        for (var i = 0; i < entries.Count; i++)
            details[i] = PostgresText.WithoutNul(SqliteAuditLog.ValidatedDetails(entries[i]))!;

        long lastSeq = 0;
        var previous = AuditHash.Genesis;
        await using (var head = new NpgsqlBatch(connection, transaction))
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@space, @key)");
            lockCommand.Parameters.Add(new NpgsqlParameter<int>("space", NpgsqlDbType.Integer) { TypedValue = ChainLockSpace });
            lockCommand.Parameters.Add(new NpgsqlParameter<int>("key", NpgsqlDbType.Integer) { TypedValue = ChainLockKey });
            head.BatchCommands.Add(lockCommand);
            // Read after the lock (read committed: a new snapshot per statement), so it sees the last holder's commit.
            head.BatchCommands.Add(new NpgsqlBatchCommand("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
            await using var reader = await head.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                lastSeq = reader.GetInt64(0);
                previous = reader.GetFieldValue<byte[]>(1);
            }
        }

        var ticks = StoredTime.ToTicks(at);
        var stored = new AuditEntry[entries.Count];
        var seqs = new long[entries.Count];
        var actors = new string[entries.Count];
        var tenants = new string?[entries.Count];
        var actions = new string[entries.Count];
        var targets = new string[entries.Count];
        var previousHashes = new byte[entries.Count][];
        var hashes = new byte[entries.Count][];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var seq = lastSeq + 1 + i;
            (seqs[i], actors[i], tenants[i], actions[i], targets[i]) = (seq, PostgresText.WithoutNul(e.Actor)!, PostgresText.WithoutNul(e.Tenant), PostgresText.WithoutNul(e.Action)!, PostgresText.WithoutNul(e.Target)!);
            var hash = AuditHash.Compute(previous, seq, ticks, actors[i], tenants[i], actions[i], targets[i], details[i]);
            (previousHashes[i], hashes[i]) = (previous, hash);
            stored[i] = new AuditEntry(seq, StoredTime.FromTicks(ticks), actors[i], tenants[i], actions[i], targets[i], details[i],
                Convert.ToHexStringLower(previous), Convert.ToHexStringLower(hash));
            previous = hash;
        }

        await using var insert = new NpgsqlCommand("""
            INSERT INTO audit_log (seq, at, actor, tenant, action, target, details, prev_hash, hash)
            SELECT e.seq, @at, e.actor, e.tenant, e.action, e.target, e.details, e.prev_hash, e.hash
            FROM unnest(@seqs, @actors, @tenants, @actions, @targets, @details, @prevs, @hashes)
                AS e(seq, actor, tenant, action, target, details, prev_hash, hash)
            ORDER BY e.seq
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<long>("at", NpgsqlDbType.Bigint) { TypedValue = ticks });
        insert.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = seqs });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("actors", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = actors });
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("tenants", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = tenants });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("actions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = actions });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("targets", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = targets });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("details", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = details });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("prevs", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = previousHashes });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = hashes });
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return stored;
    }

    public async Task<Page<AuditEntry>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor) is { } key
            ? long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException("cursor: not a cursor this service issued", nameof(cursor))
            : 0;
        await using var command = dataSource.CreateCommand($"""
            SELECT {AuditRows.Columns} FROM audit_log
            WHERE seq > @after {(tenant is null ? "" : "AND tenant = @tenant")}
            ORDER BY seq LIMIT @take
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int>("take", NpgsqlDbType.Integer) { TypedValue = pageSize + 1 });
        if (tenant is not null)
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenant });
        return Paging.FromRowsPlusOne(await ReadAsync(command, ct).ConfigureAwait(false), pageSize, e => e.Seq);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListForTargetAsync(string target, string? tenant, int max, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        // LIMIT NULL is no limit: what SQLite does with a negative one.
        await using var command = dataSource.CreateCommand($"""
            SELECT {AuditRows.Columns} FROM audit_log
            WHERE target = @target {(tenant is null ? "" : "AND tenant = @tenant")}
            ORDER BY seq LIMIT @max
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("target", NpgsqlDbType.Text) { TypedValue = target });
        command.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = max < 0 ? DBNull.Value : max });
        if (tenant is not null)
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenant });
        return await ReadAsync(command, ct).ConfigureAwait(false);
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken ct = default) => WalkAsync(null, ct);

    public Task<AuditVerification> VerifyForTenantAsync(string tenant, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        return WalkAsync(tenant, ct);
    }

    /// <summary>One statement, so one snapshot: appends committing meanwhile are a later prefix, never a gap.</summary>
    private async Task<AuditVerification> WalkAsync(string? scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(AuditChainWalk.Sql);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await AuditChainWalk.VerifyAsync(reader, scope, ct).ConfigureAwait(false);
    }

    private static async Task<List<AuditEntry>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var items = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            items.Add(AuditRows.Read(reader));
        return items;
    }

}
