using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The embedded durable store: one SQLite file <c>lepton.db</c> in WAL mode under a data folder.
/// SQLite allows one writer at a time, so every write goes through one dedicated writer connection
/// guarded by an async lock (no busy-retry storms); reads use pooled connections that WAL lets run
/// beside the writer. Stores take this object; the owner disposes it after the stores.
/// </summary>
public sealed class LeptonDatabase : IDisposable
{
    public const string FileName = "lepton.db";

    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _readConnectionString;
    private readonly FileStream _folderLock;
    private bool _disposed;

    private LeptonDatabase(string dataPath, string databasePath, FileStream folderLock, SqliteConnection writer, string readConnectionString, int schemaVersion)
    {
        DataPath = dataPath;
        DatabasePath = databasePath;
        _folderLock = folderLock;
        _writer = writer;
        _readConnectionString = readConnectionString;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The data folder (<c>Lepton:DataPath</c>).</summary>
    public string DataPath { get; }

    /// <summary>Full path of <c>lepton.db</c>.</summary>
    public string DatabasePath { get; }

    /// <summary>Schema version after migrations ran at open.</summary>
    public int SchemaVersion { get; }

    /// <summary>
    /// Opens (creating when absent) <c>&lt;dataPath&gt;/lepton.db</c>, switches it to WAL and applies pending
    /// schema migrations. Throws <see cref="StoreOpenException"/> (an <see cref="InvalidOperationException"/>) with a
    /// message for the operator when the store cannot be used: another process or another open
    /// <see cref="LeptonDatabase"/> already uses the folder (two writers would break the journal's sequence), the file
    /// is not a readable SQLite database, it comes from a newer build, or it is empty (0 bytes) and
    /// <paramref name="createIfEmpty"/> is false — an emptied file means the store it held is gone, and silently
    /// starting a new one would hide that every journaled record and alert was lost.
    /// </summary>
    public static LeptonDatabase Open(string dataPath, bool createIfEmpty = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        var folder = Path.GetFullPath(dataPath);
        Directory.CreateDirectory(folder);
        var databasePath = Path.Combine(folder, FileName);

        var folderLock = AcquireFolderLock(databasePath + ".lock");
        if (!createIfEmpty && new FileInfo(databasePath) is { Exists: true, Length: 0 })
        {
            folderLock.Dispose();
            throw new StoreOpenException(
                $"The store {databasePath} is an empty file (0 bytes): the data it held is gone. Restore it from a backup, " +
                "or start a new, empty store with --Lepton:Store:CreateIfEmpty true.");
        }
        SqliteConnection? writer = null;
        try
        {
            var common = new SqliteConnectionStringBuilder { DataSource = databasePath, Cache = SqliteCacheMode.Private, DefaultTimeout = 30 };
            var writerCs = new SqliteConnectionStringBuilder(common.ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
            var readerCs = new SqliteConnectionStringBuilder(common.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = true };

            writer = new SqliteConnection(writerCs.ConnectionString);
            writer.Open();
            var mode = ExecuteScalar(writer, "PRAGMA journal_mode=WAL;") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreOpenException($"SQLite refused WAL mode for {databasePath} (got '{mode}').");
            // FULL: every commit fsyncs the WAL, so an acknowledged write survives power loss (the 202 promise).
            Execute(writer, """
                PRAGMA synchronous=FULL;
                PRAGMA busy_timeout=30000;
                PRAGMA temp_store=MEMORY;
                PRAGMA cache_size=-32768;
                PRAGMA wal_autocheckpoint=4000;
                PRAGMA journal_size_limit=67108864;
                """);
            var version = SchemaMigrations.Apply(writer);
            return new LeptonDatabase(folder, databasePath, folderLock, writer, readerCs.ConnectionString, version);
        }
        catch (SqliteException e)
        {
            writer?.Dispose();
            folderLock.Dispose();
            throw new StoreOpenException(
                $"The store {databasePath} cannot be used: {e.Message} It is corrupt or not a Lepton database. Restore it from a " +
                "backup, or move it aside (with its -wal and -shm files) to start a new, empty store.", e);
        }
        catch (InvalidOperationException e) when (e is not StoreOpenException)
        {
            writer?.Dispose();
            folderLock.Dispose();
            throw new StoreOpenException($"The store {databasePath} cannot be used: {e.Message}", e);
        }
        catch
        {
            writer?.Dispose();
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a pooled connection for reads. It is switched to query_only, so a stray write fails loudly instead
    /// of racing the writer; WAL lets it read a consistent snapshot while the writer commits. Dispose it after use.
    /// </summary>
    public SqliteConnection OpenReadConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        Execute(connection, "PRAGMA query_only=ON; PRAGMA busy_timeout=30000;");
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside one IMMEDIATE transaction and commits
    /// (fsync) before the task completes. Work runs synchronously while the write lock is held: keep it short.
    /// An exception rolls the transaction back and propagates.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = work(_writer, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc cref="WriteAsync{T}(Func{SqliteConnection, SqliteTransaction, T}, CancellationToken)"/>
    public Task WriteAsync(Action<SqliteConnection, SqliteTransaction> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync((connection, transaction) => { work(connection, transaction); return true; }, ct);
    }

    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            // Pooled readers keep the file open; clear them so the folder can be reopened or deleted.
            using (var pooled = new SqliteConnection(_readConnectionString))
                SqliteConnection.ClearPool(pooled);
            _writer.Dispose();
            _folderLock.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    internal static object? ExecuteScalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private static FileStream AcquireFolderLock(string lockPath)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreOpenException($"The data folder of {lockPath[..^5]} is in use by another process or another open LeptonDatabase.", e);
        }
    }
}
