using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IAuditLog"/> in the embedded store. Appends go through the single writer, so sequence numbers and the
/// chain follow commit order; triggers refuse UPDATE and DELETE on the table, and <see cref="VerifyAsync"/> catches
/// edits made behind SQLite's back (another tool, a copied file).
/// </summary>
public sealed class SqliteAuditLog(LeptonDatabase db, TimeProvider? time = null) : IAuditLog
{
    public const int MaxDetailsLength = 16 * 1024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<AuditEntry> AppendAsync(AuditEvent entry, CancellationToken ct = default)
    {
        Validate(entry);
        return db.WriteAsync((connection, transaction) => Append(connection, transaction, entry, _time.GetUtcNow()), ct);
    }

    /// <summary>
    /// Appends inside a caller's write transaction (the alert store's), so an alert change and its audit entry
    /// commit together. Only the single writer calls this, so the chain follows commit order.
    /// </summary>
    internal static AuditEntry Append(SqliteConnection connection, SqliteTransaction transaction, AuditEvent entry, DateTimeOffset at)
    {
        using var appender = new AuditAppender(connection, transaction);
        return appender.Append(entry, at);
    }

    /// <summary>One target's entries (an alert's history), oldest first, within a tenant when given.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListForTargetAsync(string target, string? tenant, int max, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = tenant is null
            ? "SELECT seq, at, actor, tenant, action, target, details, prev_hash, hash FROM audit_log WHERE target = $target ORDER BY seq LIMIT $max;"
            : "SELECT seq, at, actor, tenant, action, target, details, prev_hash, hash FROM audit_log WHERE target = $target AND tenant = $tenant ORDER BY seq LIMIT $max;";
        command.Parameters.AddWithValue("$target", target);
        command.Parameters.AddWithValue("$max", max);
        if (tenant is not null)
            command.Parameters.AddWithValue("$tenant", tenant);
        var items = new List<AuditEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            items.Add(Read(reader));
        return Task.FromResult<IReadOnlyList<AuditEntry>>(items);
    }

    private static void Validate(AuditEvent entry) => ValidatedDetails(entry);

    /// <summary>Checks the entry and returns its details as JSON (serialized once).</summary>
    internal static string ValidatedDetails(AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action);
        ArgumentNullException.ThrowIfNull(entry.Target);
        var details = entry.DetailsJson();
        if (details.Length > MaxDetailsLength)
            throw new ArgumentException($"audit details are {details.Length} characters; at most {MaxDetailsLength}", nameof(entry));
        return details;
    }

    public Task<Page<AuditEntry>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor) is { } key
            ? long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException("cursor: not a cursor this service issued", nameof(cursor))
            : 0;
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = tenant is null
            ? "SELECT seq, at, actor, tenant, action, target, details, prev_hash, hash FROM audit_log WHERE seq > $after ORDER BY seq LIMIT $take;"
            : "SELECT seq, at, actor, tenant, action, target, details, prev_hash, hash FROM audit_log WHERE tenant = $tenant AND seq > $after ORDER BY seq LIMIT $take;";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$take", pageSize + 1);
        if (tenant is not null)
            command.Parameters.AddWithValue("$tenant", tenant);
        var items = new List<AuditEntry>(Math.Min(pageSize + 1, 64));
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                items.Add(Read(reader));
        }
        string? next = null;
        if (items.Count > pageSize)
        {
            items.RemoveAt(items.Count - 1);
            next = Paging.EncodeCursor(items[^1].Seq.ToString(CultureInfo.InvariantCulture));
        }
        return Task.FromResult(new Page<AuditEntry>(items, next));
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken ct = default) => Task.FromResult(Walk(null, ct));

    public Task<AuditVerification> VerifyForTenantAsync(string tenant, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        return Task.FromResult(Walk(tenant, ct));
    }

    /// <summary>
    /// Walks the whole chain (it runs through every tenant's entries). With <paramref name="scope"/>, counts and names
    /// only that tenant's entries: a break is reported at the tenant's first entry at or after it, or not at all when
    /// every entry of the tenant precedes it (those still link to genesis through intact hashes).
    /// </summary>
    private AuditVerification Walk(string? scope, CancellationToken ct)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, at, actor, tenant, action, target, details, prev_hash, hash FROM audit_log ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var previous = AuditHash.Genesis;
        byte[]? scopeHead = null;
        long expectedSeq = 1, count = 0;
        while (reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            var seq = reader.GetInt64(0);
            var tenant = reader.IsDBNull(3) ? null : reader.GetString(3);
            var storedPrevious = (byte[])reader.GetValue(7);
            var storedHash = (byte[])reader.GetValue(8);
            string? reason = null;
            if (seq != expectedSeq)
                reason = $"entry {expectedSeq} is missing (next is {seq})";
            else if (!storedPrevious.AsSpan().SequenceEqual(previous))
                reason = $"entry {seq} does not link to the hash of entry {seq - 1}";
            else if (!AuditHash.Compute(previous, seq, reader.GetInt64(1), reader.GetString(2), tenant, reader.GetString(4),
                         reader.GetString(5), reader.GetString(6)).AsSpan().SequenceEqual(storedHash))
                reason = $"entry {seq} was altered: its content no longer matches its hash";
            if (reason is not null)
                return scope is null ? Broken(count, seq, reason) : BrokenFor(scope, count, scopeHead, reader, seq, tenant);
            previous = storedHash;
            expectedSeq++;
            if (scope is null || tenant == scope)
            {
                count++;
                scopeHead = storedHash;
            }
        }
        return new AuditVerification(true, count, null, null, scopeHead is null ? null : Convert.ToHexStringLower(scopeHead));
    }

    /// <summary>
    /// The chain broke at an entry the scoped caller may not see: the answer names neither it nor other tenants'
    /// entries, only the caller's first entry from the break on (its own entries before the break stay verified).
    /// </summary>
    private static AuditVerification BrokenFor(string scope, long verified, byte[]? head, SqliteDataReader reader, long seq, string? tenant)
    {
        while (tenant != scope)
        {
            if (!reader.Read())
                return new AuditVerification(true, verified, null, null, head is null ? null : Convert.ToHexStringLower(head));
            seq = reader.GetInt64(0);
            tenant = reader.IsDBNull(3) ? null : reader.GetString(3);
        }
        return Broken(verified, seq, $"the chain is broken at or before entry {seq}: this tenant's entries from it on cannot be trusted");
    }

    private static AuditVerification Broken(long verified, long seq, string reason) => new(false, verified, seq, reason, null);

    private static AuditEntry Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        StoredTime.FromTicks(reader.GetInt64(1)),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        Convert.ToHexStringLower((byte[])reader.GetValue(7)),
        Convert.ToHexStringLower((byte[])reader.GetValue(8)));
}
