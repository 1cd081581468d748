using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IApiKeyStore"/> for cluster mode. Unlike <see cref="SqliteApiKeyStore"/> it keeps no
/// in-memory cache: several processes share the table, and a key deleted or rotated on one must stop working on
/// every one at once. A lookup is one indexed query by secret hash (the unique index on <c>secret_hash</c>), so
/// timing still says nothing about the secret. Same rules, ids, secrets and hashes as the SQLite store.
/// </summary>
public sealed class PostgresApiKeyStore : IApiKeyStore
{
    // Serializes bootstrap-admin upserts of processes starting together (each would otherwise delete and insert the
    // same id). Transaction-scoped, so a pooled connection never keeps it.
    private const long BootstrapLockKey = 0x4C_6570_4B65_7916; // "Lep" "Key" issue 16

    private const string Columns = "id, secret_hash, role, tenant, name, created_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public PostgresApiKeyStore(NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
    }

    public async Task<CreatedApiKey> CreateAsync(string role, string? tenant, string? name, CancellationToken ct = default)
    {
        ApiKeyRequestRules.Validate(role, tenant, name);

        var now = _time.GetUtcNow();
        var secret = SqliteApiKeyStore.SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var info = new ApiKeyInfo(SortableId.New("key-", now), role, tenant, name, StoredTime.FromTicks(StoredTime.ToTicks(now)));

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await InsertAsync(connection, null, new ApiKeyEntry(Hash(secret), info), ct).ConfigureAwait(false);
        return new CreatedApiKey(info.Id, secret, info.Role, info.Tenant, info.Name, info.CreatedAt);
    }

    public async Task<ApiKeyInfo?> FindBySecretAsync(string secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret))
            return null;
        var hash = Hash(secret);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        var entry = await FindByHashAsync(connection, null, hash, ct).ConfigureAwait(false);
        // The index compares hashes, not secrets; the fixed-time check is belt and braces.
        return entry is not null && CryptographicOperations.FixedTimeEquals(entry.SecretHash, hash) ? entry.Info : null;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? tenant, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM api_keys {(tenant is null ? "" : "WHERE tenant = @tenant")} ORDER BY created_at, id COLLATE \"C\"");
        if (tenant is not null)
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenant });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            keys.Add(Read(reader).Info);
        return keys;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> FindByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return [];
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. ids.Distinct(StringComparer.Ordinal)] });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            keys.Add(Read(reader).Info);
        return keys;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand("DELETE FROM api_keys WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = id });
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async Task<ApiKeyInfo> EnsureBootstrapAdminAsync(string secret, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        var hash = Hash(secret);

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({BootstrapLockKey})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        if (await FindByHashAsync(connection, transaction, hash, ct).ConfigureAwait(false) is { } existing)
        {
            if (existing.Info.Id != SqliteApiKeyStore.BootstrapKeyId)
                throw new InvalidOperationException("the bootstrap secret is already the secret of another API key");
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return existing.Info;
        }

        var now = _time.GetUtcNow();
        var info = new ApiKeyInfo(SqliteApiKeyStore.BootstrapKeyId, ApiKeyRoles.Admin, null, "bootstrap admin (LEPTON_ADMIN_KEY)", StoredTime.FromTicks(StoredTime.ToTicks(now)));
        await using (var old = new NpgsqlCommand("DELETE FROM api_keys WHERE id = @id", connection, transaction))
        {
            old.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = SqliteApiKeyStore.BootstrapKeyId });
            await old.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await InsertAsync(connection, transaction, new ApiKeyEntry(hash, info), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return info;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ApiKeyEntry entry, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO api_keys ({Columns}) VALUES (@id, @hash, @role, @tenant, @name, @createdAt)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = entry.Info.Id });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = entry.SecretHash });
        command.Parameters.Add(new NpgsqlParameter<string>("role", NpgsqlDbType.Text) { TypedValue = entry.Info.Role });
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)entry.Info.Tenant ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = (object?)entry.Info.Name ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<long>("createdAt", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(entry.Info.CreatedAt) });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<ApiKeyEntry?> FindByHashAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, byte[] hash, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM api_keys WHERE secret_hash = @hash", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = hash });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static ApiKeyEntry Read(NpgsqlDataReader reader) => new(
        reader.GetFieldValue<byte[]>(1),
        new ApiKeyInfo(
            reader.GetString(0),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            StoredTime.FromTicks(reader.GetInt64(5))));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
