using Npgsql;

namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// Applies the missing <see cref="PostgresMigrations"/> to a PostgreSQL database, each in its own transaction, in
/// order, once, recorded in <c>schema_migrations</c>. Run by `lepton migrate`, never by start-up: in a cluster the
/// schema changes when an operator says so, not when the first of several processes happens to start.
/// </summary>
public static class PostgresMigrator
{
    // Serializes concurrent migrators (two operators, or a script started twice): each transaction takes it first,
    // so the recorded versions it reads cannot change under it. Transaction-scoped, so a pooled connection never keeps it.
    private const long LockKey = 0x4C_6570_746F_6E16; // "Lepton", issue 16

    public static IReadOnlyList<PostgresMigrationStep> Known { get; } =
        PostgresMigrations.All.Select(m => new PostgresMigrationStep(m.Version, m.Description)).ToArray();

    public static int LatestVersion => PostgresMigrations.Latest;

    public static async Task<PostgresMigrationResult> MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var applied = new List<PostgresMigrationStep>();
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
            await ExecuteAsync(connection, transaction, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer     PRIMARY KEY,
                    description text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, ct);
            var recorded = await RecordedVersionsAsync(connection, transaction, ct);
            RefuseUnknown(recorded);
            var next = PostgresMigrations.All.FirstOrDefault(m => !recorded.Contains(m.Version));
            if (next is null)
            {
                await transaction.CommitAsync(ct);
                return new PostgresMigrationResult(applied, recorded.Count == 0 ? 0 : recorded.Max());
            }

            // Some scripts are long (Orleans' four): no command timeout, the operator's Ctrl+C cancels.
            await ExecuteAsync(connection, transaction, next.Sql, ct, timeoutSeconds: 0);
            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, description) VALUES (@version, @description)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", next.Version);
                record.Parameters.AddWithValue("description", next.Description);
                await record.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            applied.Add(new PostgresMigrationStep(next.Version, next.Description));
        }
    }

    /// <summary>
    /// Checks at a process's start that the database is at exactly this build's schema (never migrates it): a
    /// <see cref="StoreOpenException"/> says what to do when it cannot be reached, was never migrated, lags behind
    /// (run `lepton migrate`) or was migrated by a newer build. The message names host, port and database, never the password.
    /// </summary>
    public static async Task RequireCurrentAsync(string connectionString, CancellationToken ct = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"{target.Host}:{target.Port}/{target.Database}";
        HashSet<int> recorded;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection, transaction))
            {
                if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
                    throw new StoreOpenException($"the PostgreSQL database {where} has no Lepton schema: run `lepton migrate` with the same connection string first.");
            }
            recorded = await RecordedVersionsAsync(connection, transaction, ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new StoreOpenException($"cannot use the PostgreSQL database {where}: {e.Message}", e);
        }
        try
        {
            RefuseUnknown(recorded);
        }
        catch (PostgresSchemaException e)
        {
            throw new StoreOpenException($"{where}: {e.Message}", e);
        }
        var missing = PostgresMigrations.All.Where(m => !recorded.Contains(m.Version)).Select(m => m.Version).ToArray();
        if (missing.Length > 0)
            throw new StoreOpenException(
                $"the PostgreSQL database {where} lacks schema version(s) {string.Join(", ", missing)} of this build: run `lepton migrate` first.");
    }

    private static void RefuseUnknown(HashSet<int> recorded)
    {
        var unknown = recorded.Where(v => PostgresMigrations.All.All(m => m.Version != v)).Order().ToArray();
        if (unknown.Length > 0)
            throw new PostgresSchemaException(
                $"the database records schema version {string.Join(", ", unknown)}, unknown to this build (latest {PostgresMigrations.Latest}): " +
                "it was migrated by a newer Lepton; run that build, or restore a backup from before it.");
    }

    private static async Task<HashSet<int>> RecordedVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(ct))
            versions.Add(reader.GetInt32(0));
        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, int? timeoutSeconds = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (timeoutSeconds is { } t)
            command.CommandTimeout = t;
        await command.ExecuteNonQueryAsync(ct);
    }
}
