using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="IApiKeyStore"/> with every key cached in memory, keyed by secret hash, and the cache
/// changed together with the table. Register one instance per database (a singleton).
/// </summary>
public sealed class SqliteApiKeyStore : IApiKeyStore
{
    public const string SecretPrefix = "lk_";
    public const string BootstrapKeyId = "key-bootstrap-admin";
    public const int MaxNameLength = 200;

    private readonly LeptonDatabase _db;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ApiKeyEntry> _byHash = new(StringComparer.Ordinal);

    public SqliteApiKeyStore(LeptonDatabase db, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _time = time ?? TimeProvider.System;
        foreach (var entry in LoadAll())
            _byHash[HashKey(entry.SecretHash)] = entry;
    }

    public async Task<CreatedApiKey> CreateAsync(string role, string? tenant, string? name, CancellationToken ct = default)
    {
        ApiKeyRequestRules.Validate(role, tenant, name);

        var now = _time.GetUtcNow();
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var info = new ApiKeyInfo(SortableId.New("key-", now), role, tenant, name, StoredTime.FromTicks(StoredTime.ToTicks(now)));
        var entry = new ApiKeyEntry(Hash(secret), info);

        await _db.WriteAsync((connection, transaction) => Upsert(connection, transaction, entry), ct).ConfigureAwait(false);
        _byHash[HashKey(entry.SecretHash)] = entry;
        return new CreatedApiKey(info.Id, secret, info.Role, info.Tenant, info.Name, info.CreatedAt);
    }

    public Task<ApiKeyInfo?> FindBySecretAsync(string secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret))
            return Task.FromResult<ApiKeyInfo?>(null);
        var hash = Hash(secret);
        // The dictionary compares hashes, not secrets; the fixed-time check is belt and braces.
        var found = _byHash.TryGetValue(HashKey(hash), out var entry) && CryptographicOperations.FixedTimeEquals(entry.SecretHash, hash);
        return Task.FromResult(found ? entry!.Info : null);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? tenant, CancellationToken ct = default)
    {
        IReadOnlyList<ApiKeyInfo> keys = [.. _byHash.Values
            .Select(e => e.Info)
            .Where(k => tenant is null || k.Tenant == tenant)
            .OrderBy(k => k.CreatedAt)
            .ThenBy(k => k.Id, StringComparer.Ordinal)];
        return Task.FromResult(keys);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> FindByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return Task.FromResult<IReadOnlyList<ApiKeyInfo>>([]);
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<ApiKeyInfo> keys = [.. _byHash.Values.Select(e => e.Info).Where(k => wanted.Contains(k.Id))];
        return Task.FromResult(keys);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = await _db.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM api_keys WHERE id = $id RETURNING secret_hash;";
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteScalar() as byte[];
        }, ct).ConfigureAwait(false);
        if (hash is null)
            return false;
        _byHash.TryRemove(HashKey(hash), out _);
        return true;
    }

    public async Task<ApiKeyInfo> EnsureBootstrapAdminAsync(string secret, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        var hash = Hash(secret);
        if (_byHash.TryGetValue(HashKey(hash), out var existing))
        {
            if (existing.Info.Id == BootstrapKeyId)
                return existing.Info;
            throw new InvalidOperationException("the bootstrap secret is already the secret of another API key");
        }

        var now = _time.GetUtcNow();
        var info = new ApiKeyInfo(BootstrapKeyId, ApiKeyRoles.Admin, null, "bootstrap admin (LEPTON_ADMIN_KEY)", StoredTime.FromTicks(StoredTime.ToTicks(now)));
        var entry = new ApiKeyEntry(hash, info);
        var replaced = await _db.WriteAsync((connection, transaction) =>
        {
            using var old = connection.CreateCommand();
            old.Transaction = transaction;
            old.CommandText = "DELETE FROM api_keys WHERE id = $id RETURNING secret_hash;";
            old.Parameters.AddWithValue("$id", BootstrapKeyId);
            var oldHash = old.ExecuteScalar() as byte[];
            Upsert(connection, transaction, entry);
            return oldHash;
        }, ct).ConfigureAwait(false);
        if (replaced is not null)
            _byHash.TryRemove(HashKey(replaced), out _);
        _byHash[HashKey(hash)] = entry;
        return info;
    }

    private static void Upsert(SqliteConnection connection, SqliteTransaction transaction, ApiKeyEntry entry)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO api_keys (id, secret_hash, role, tenant, name, created_at)
            VALUES ($id, $hash, $role, $tenant, $name, $createdAt);
            """;
        command.Parameters.AddWithValue("$id", entry.Info.Id);
        command.Parameters.AddWithValue("$hash", entry.SecretHash);
        command.Parameters.AddWithValue("$role", entry.Info.Role);
        command.Parameters.AddWithValue("$tenant", (object?)entry.Info.Tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("$name", (object?)entry.Info.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$createdAt", StoredTime.ToTicks(entry.Info.CreatedAt));
        command.ExecuteNonQuery();
    }

    private List<ApiKeyEntry> LoadAll()
    {
        using var connection = _db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, secret_hash, role, tenant, name, created_at FROM api_keys;";
        using var reader = command.ExecuteReader();
        var entries = new List<ApiKeyEntry>();
        while (reader.Read())
        {
            entries.Add(new ApiKeyEntry(
                reader.GetFieldValue<byte[]>(1),
                new ApiKeyInfo(
                    reader.GetString(0),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    StoredTime.FromTicks(reader.GetInt64(5)))));
        }
        return entries;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string HashKey(byte[] hash) => Convert.ToBase64String(hash);
}
