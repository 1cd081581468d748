using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="ITenantStore"/>. The snapshot is loaded at construction and swapped inside the write lock,
/// so it follows commit order. Register one instance per database (a singleton).
/// </summary>
public sealed class SqliteTenantStore : ITenantStore
{
    public const int PseudonymKeyBytes = 32;
    public const int MaxNameLength = TenantRules.MaxNameLength;

    private readonly LeptonDatabase _db;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, byte[]> _pseudonymKeys = new(StringComparer.Ordinal);
    private volatile FrozenDictionary<string, TenantInfo> _snapshot;

    public SqliteTenantStore(LeptonDatabase db, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _time = time ?? TimeProvider.System;
        _snapshot = LoadAll();
    }

    public IReadOnlyDictionary<string, TenantInfo> Snapshot => _snapshot;

    public async Task<TenantInfo> UpsertAsync(TenantInfo tenant, CancellationToken ct = default)
    {
        var normalized = TenantRules.Normalize(tenant, _time.GetUtcNow());
        try
        {
            return await _db.WriteAsync((connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO tenants (id, name, jurisdictions, overrides, created_at, updated_at, settings)
                    VALUES ($id, $name, $jurisdictions, $overrides, $createdAt, $now, $settings)
                    ON CONFLICT (id) DO UPDATE SET
                        name = excluded.name, jurisdictions = excluded.jurisdictions,
                        overrides = excluded.overrides, updated_at = excluded.updated_at,
                        settings = COALESCE(excluded.settings, tenants.settings)
                    RETURNING created_at, settings;
                    """;
                command.Parameters.AddWithValue("$id", normalized.Id);
                command.Parameters.AddWithValue("$name", normalized.Name);
                command.Parameters.AddWithValue("$jurisdictions", TenantRules.JurisdictionsJson(normalized));
                command.Parameters.AddWithValue("$overrides", normalized.Overrides is { } o ? o.GetRawText() : DBNull.Value);
                command.Parameters.AddWithValue("$createdAt", StoredTime.ToTicks(normalized.CreatedAt));
                command.Parameters.AddWithValue("$now", StoredTime.ToTicks(_time.GetUtcNow()));
                // Null settings keep the stored ones (COALESCE), so the answer carries what the row now holds.
                command.Parameters.AddWithValue("$settings", (object?)TenantRules.SettingsJson(normalized) ?? DBNull.Value);
                TenantInfo stored;
                using (var reader = command.ExecuteReader())
                {
                    reader.Read();
                    stored = normalized with { CreatedAt = StoredTime.FromTicks(reader.GetInt64(0)), Settings = TenantRules.ReadSettings(reader.IsDBNull(1) ? null : reader.GetString(1)) };
                }
                // Swapped under the write lock, so snapshots change in commit order.
                _snapshot = _snapshot.Where(p => p.Key != stored.Id).Append(new(stored.Id, stored)).ToFrozenDictionary(StringComparer.Ordinal);
                return stored;
            }, ct).ConfigureAwait(false);
        }
        catch
        {
            // The commit may have failed after the swap: fall back to what the file says.
            _snapshot = LoadAll();
            throw;
        }
    }

    public Task<TenantInfo?> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Task.FromResult(_snapshot.GetValueOrDefault(id));
    }

    public Task<Page<TenantInfo>> ListAsync(int pageSize, string? cursor, CancellationToken ct = default)
    {
        Paging.ValidatePageSize(pageSize);
        var after = Paging.DecodeCursor(cursor);
        var items = _snapshot.Values
            .Where(t => after is null || string.CompareOrdinal(t.Id, after) > 0)
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        return Task.FromResult(TenantRules.PageOf(items, pageSize));
    }

    public async Task<byte[]> GetOrCreatePseudonymKeyAsync(string tenant, CancellationToken ct = default)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        if (_pseudonymKeys.TryGetValue(tenant, out var cached))
            return (byte[])cached.Clone();

        var key = await _db.WriteAsync((connection, transaction) =>
        {
            // Insert-if-absent then read, in one transaction: concurrent first uses agree on one key.
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO tenant_pseudonym_keys (tenant, key, created_at) VALUES ($tenant, $key, $now)
                ON CONFLICT (tenant) DO NOTHING;
                SELECT key FROM tenant_pseudonym_keys WHERE tenant = $tenant;
                """;
            command.Parameters.AddWithValue("$tenant", tenant);
            command.Parameters.AddWithValue("$key", RandomNumberGenerator.GetBytes(PseudonymKeyBytes));
            command.Parameters.AddWithValue("$now", StoredTime.ToTicks(_time.GetUtcNow()));
            return (byte[])command.ExecuteScalar()!;
        }, ct).ConfigureAwait(false);
        _pseudonymKeys[tenant] = key;
        return (byte[])key.Clone();
    }

    private FrozenDictionary<string, TenantInfo> LoadAll()
    {
        using var connection = _db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, jurisdictions, overrides, created_at, settings FROM tenants;";
        using var reader = command.ExecuteReader();
        var tenants = new Dictionary<string, TenantInfo>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var tenant = TenantRules.FromRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5));
            tenants[tenant.Id] = tenant;
        }
        return tenants.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
