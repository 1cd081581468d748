using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The journal inserts (one idempotency key per record, one payload block per append request) as raw, persistent SQLite statements on the writer connection. This is the
/// ingest hot path: binding spans and stepping directly costs about a third less CPU per record than
/// going through SqliteCommand (and allocates no parameter binder per value), which matters at 100k+ records/s on two cores. Used only by the journal
/// writer, inside a transaction it opened through <see cref="LeptonDatabase.WriteAsync{T}"/>.
/// </summary>
internal sealed class JournalInsertStatements : IDisposable
{
    private const uint PreparePersistent = 0x01;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insertKey;
    private readonly sqlite3_stmt _insertBlock;
    private readonly sqlite3_stmt _keyHash;

    public JournalInsertStatements(SqliteConnection writer)
    {
        _db = writer.Handle ?? throw new InvalidOperationException("the writer connection is not open");
        _insertKey = Prepare("INSERT INTO journal_keys (seq, tenant, record_id, written_at, content_hash) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant, record_id) DO NOTHING;");
        _keyHash = Prepare("SELECT content_hash FROM journal_keys WHERE tenant = ?1 AND record_id = ?2;");
        _insertBlock = Prepare("INSERT INTO journal_blocks (last_seq, first_seq, payloads) VALUES (?1, ?2, ?3);");
    }

    /// <summary>
    /// Claims <paramref name="seq"/> for the record's key (its tenant and id as UTF-8, straight from its payload);
    /// false when its (tenant, id) is already journaled.
    /// </summary>
    public bool TryInsertKey(long seq, ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> recordId, long writtenAt, long contentHash)
    {
        Check(raw.sqlite3_bind_int64(_insertKey, 1, seq));
        Check(raw.sqlite3_bind_text(_insertKey, 2, tenant));
        Check(raw.sqlite3_bind_text(_insertKey, 3, recordId));
        Check(raw.sqlite3_bind_int64(_insertKey, 4, writtenAt));
        Check(raw.sqlite3_bind_int64(_insertKey, 5, contentHash));
        Step(_insertKey);
        return raw.sqlite3_changes(_db) != 0;
    }

    /// <summary>
    /// After <see cref="TryInsertKey"/> said the key exists: whether the journaled record has the same content hash.
    /// Keys journaled before hashes were kept (NULL) count as the same: there is nothing to tell them apart by.
    /// Only duplicates take this extra lookup, so the hot path (new records) pays nothing for it.
    /// </summary>
    public bool IsSameContent(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> recordId, long contentHash)
    {
        Check(raw.sqlite3_bind_text(_keyHash, 1, tenant));
        Check(raw.sqlite3_bind_text(_keyHash, 2, recordId));
        var rc = raw.sqlite3_step(_keyHash);
        try
        {
            if (rc != raw.SQLITE_ROW)
                SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_DONE ? raw.SQLITE_INTERNAL : rc, _db);
            return raw.sqlite3_column_type(_keyHash, 0) == raw.SQLITE_NULL || raw.sqlite3_column_int64(_keyHash, 0) == contentHash;
        }
        finally
        {
            raw.sqlite3_reset(_keyHash);
        }
    }

    /// <summary>Stores the payloads of seqs <paramref name="firstSeq"/>..<paramref name="lastSeq"/>, back to back, as one row.</summary>
    public void InsertBlock(long firstSeq, long lastSeq, ReadOnlySpan<byte> payloads)
    {
        Check(raw.sqlite3_bind_int64(_insertBlock, 1, lastSeq));
        Check(raw.sqlite3_bind_int64(_insertBlock, 2, firstSeq));
        Check(raw.sqlite3_bind_blob(_insertBlock, 3, payloads));
        Step(_insertBlock);
    }

    public void Dispose()
    {
        _insertKey.Dispose();
        _insertBlock.Dispose();
        _keyHash.Dispose();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v3(_db, sql, PreparePersistent, out var statement));
        return statement;
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
