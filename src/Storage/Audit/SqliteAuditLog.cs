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

    public Task<AuditVerification> VerifyAsync(CancellationToken ct = default) => WalkAsync(null, ct);

    public Task<AuditVerification> VerifyForTenantAsync(string tenant, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        return WalkAsync(tenant, ct);
    }

    private async Task<AuditVerification> WalkAsync(string? scope, CancellationToken ct)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = AuditChainWalk.Sql;
        using var reader = await command.ExecuteReaderAsync(ct);
        return await AuditChainWalk.VerifyAsync(reader, scope, ct);
    }

    private static AuditEntry Read(SqliteDataReader reader) => AuditRows.Read(reader);
}
