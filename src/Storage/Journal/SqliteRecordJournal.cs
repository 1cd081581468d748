using System.Globalization;
using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// SQLite <see cref="IRecordJournal"/> with group commit: callers encode their records on their own thread
/// and queue one request each; a single background writer drains the bounded queue, writes everything it
/// found in ONE transaction with prepared, reused statements, fsyncs once, then completes every request.
/// Each record gets its own idempotency key and sequence number, but an append request's payloads are stored
/// as one block row, so writing and retiring payloads costs one row per request, not one per record.
/// Dispose it before the <see cref="LeptonDatabase"/>; disposing drains what is already queued.
/// </summary>
public sealed class SqliteRecordJournal : IRecordJournal, IAsyncDisposable, IDisposable
{
    public const int DefaultQueueCapacity = 1024;

    // A soft cap so one giant backlog does not become one giant transaction (and latency spike).
    private const int MaxGroupRecords = 16_384;
    private const int PurgeChunk = 20_000;

    private readonly LeptonDatabase _db;
    private readonly TimeProvider _time;
    private readonly JournalQueue _queue;
    private readonly Task _writerLoop;

    // Writer-loop state: touched only by the single writer, inside the database write lock.
    private readonly ProcessedWatermark _watermark;
    private long _nextSeq;
    private long _lastWrittenAt;
    private long _persistedWatermark;
    private JournalInsertStatements? _inserts;
    private SqliteCommand? _advanceWatermark;
    private PooledByteBuffer? _blockScratch;

    // Published after each commit, read by any thread.
    private readonly JournalCounters _counters = new();

    public SqliteRecordJournal(LeptonDatabase db, TimeProvider? time = null, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _db = db;
        _time = time ?? TimeProvider.System;

        using (var connection = db.OpenReadConnection())
        {
            _persistedWatermark = ReadLong(connection, "SELECT value FROM journal_state WHERE name = 'processed_watermark';");
            // Seqs never go backwards: keys and payloads are deleted only at or below the watermark.
            var lastSeq = Math.Max(_persistedWatermark, Math.Max(
                ReadLong(connection, "SELECT COALESCE(MAX(seq), 0) FROM journal_keys;"),
                ReadLong(connection, "SELECT COALESCE(MAX(last_seq), 0) FROM journal_blocks;")));
            // written_at rises with seq, so the newest key has the largest (and the lookup is O(log n), not a scan).
            _lastWrittenAt = ReadLong(connection, "SELECT COALESCE((SELECT written_at FROM journal_keys ORDER BY seq DESC LIMIT 1), 0);");
            _nextSeq = lastSeq + 1;
            _counters.Loaded(lastSeq, _persistedWatermark);
        }
        _watermark = new ProcessedWatermark(_persistedWatermark);

        _queue = new JournalQueue(queueCapacity, nameof(SqliteRecordJournal));
        _writerLoop = Task.Run(RunWriterAsync);
    }

    public long ProcessedWatermark => _counters.CommittedWatermark;

    public JournalDiagnostics Diagnostics => _counters.Snapshot();

    public Task<JournalAppendResult> AppendAsync(IReadOnlyList<MonitoredRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Count == 0 ? Task.FromResult(JournalAppendResult.Empty) : _queue.AppendAsync(records, _counters, ct);
    }

    public Task MarkProcessedAsync(IReadOnlyList<long> seqs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        return seqs.Count == 0 ? Task.CompletedTask : _queue.MarkAsync(seqs, ct);
    }

    public IAsyncEnumerable<JournaledRecord> ReadUnprocessedAsync(CancellationToken ct = default) =>
        JournalBlockReplay.ReadAsync(ProcessedWatermark, _counters.CommittedLastSeq, ReadBlocksAsync, ct);

    public async Task<JournalPurgeResult> PurgeAsync(TimeSpan retention, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.Zero);
        var watermark = ProcessedWatermark;
        var cutoff = (_time.GetUtcNow() - retention).UtcTicks;
        long keys = 0;
        while (true)
        {
            // Small transactions so appends interleave. written_at never decreases with seq, so the expired keys
            // are a prefix: each chunk scans at most PurgeChunk rows and a short chunk means we are done.
            var deleted = await _db.WriteAsync((connection, transaction) =>
            {
                if (LeptonDatabase.ExecuteScalar(connection, "SELECT MIN(seq) FROM journal_keys;", transaction) is not long lo)
                    return 0;
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM journal_keys WHERE seq >= $lo AND seq < $lo + $chunk AND seq <= $watermark AND written_at < $cutoff;";
                command.Parameters.AddWithValue("$lo", lo);
                command.Parameters.AddWithValue("$chunk", PurgeChunk);
                command.Parameters.AddWithValue("$watermark", watermark);
                command.Parameters.AddWithValue("$cutoff", cutoff);
                return command.ExecuteNonQuery();
            }, ct).ConfigureAwait(false);
            keys += deleted;
            if (deleted < PurgeChunk)
                break;
        }
        return new JournalPurgeResult(keys);
    }

    /// <summary>Stops taking requests, commits what is queued, then releases the statements.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _writerLoop.ConfigureAwait(false);
        _inserts?.Dispose();
        _advanceWatermark?.Dispose();
        _blockScratch?.Dispose();
    }

    /// <summary>For containers that dispose synchronously; the writer loop runs on the thread pool, so this cannot deadlock.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task ReadBlocksAsync(long after, long upTo, List<JournaledRecord> batch, CancellationToken ct)
    {
        // Short read transactions, one per batch, so a long recovery never pins the WAL against checkpoints.
        using var connection = _db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT first_seq, last_seq, payloads FROM journal_blocks WHERE last_seq > $after AND first_seq <= $upTo ORDER BY last_seq LIMIT $limit;";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$upTo", upTo);
        command.Parameters.AddWithValue("$limit", JournalBlockReplay.BlocksPerRead);
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (batch.Count < JournalBlockReplay.BatchSize && reader.Read())
            JournalBlockReplay.AddBlock(batch, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), after, upTo);
    }

    private Task RunWriterAsync() => GroupCommitLoop.RunAsync(_queue.Reader, MaxGroupRecords, CommitAsync);

    private async Task CommitAsync(IReadOnlyList<JournalRequest> group)
    {
        var nextSeqBefore = _nextSeq;
        var lastWrittenAtBefore = _lastWrittenAt;
        var persistedWatermarkBefore = _persistedWatermark;
        long appended = 0, duplicates = 0, conflicts = 0;
        try
        {
            await _db.WriteAsync((connection, transaction) => WriteGroup(connection, transaction, group, ref appended, ref duplicates, ref conflicts)).ConfigureAwait(false);
        }
        catch
        {
            // Rolled back: hand the same seqs out again so they stay dense.
            _nextSeq = nextSeqBefore;
            _lastWrittenAt = lastWrittenAtBefore;
            // Marks applied in memory stay (they are true); the next commit writes the watermark again.
            _persistedWatermark = persistedWatermarkBefore;
            throw;
        }

        _counters.Committed(_nextSeq - 1, _persistedWatermark, _watermark.PendingRanges, appended, duplicates, conflicts);
        foreach (var request in group)
            request.Complete();
    }

    private void WriteGroup(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JournalRequest> group, ref long appended, ref long duplicates, ref long conflicts)
    {
        _inserts ??= new JournalInsertStatements(connection);
        _advanceWatermark ??= CreateWatermarkAdvance(connection);
        _advanceWatermark.Transaction = transaction;

        // Clamped so written_at never decreases with seq (purge relies on it) even if the clock steps back.
        _lastWrittenAt = Math.Max(_lastWrittenAt, _time.GetUtcNow().UtcTicks);

        foreach (var request in group)
        {
            switch (request)
            {
                case JournalAppendRequest append:
                    var records = append.Records;
                    var payloads = append.Payloads.WrittenSpan;
                    var firstSeq = _nextSeq;
                    for (var i = 0; i < records.Length; i++)
                    {
                        // The key's UTF-8 bytes are already in the payload: binding them spares the writer two transcodes.
                        var record = records[i];
                        RecordCodec.ReadKey(payloads.Slice(record.Offset, record.Length), out var recordId, out var tenant);
                        // 'false' means (tenant, id) is already journaled, including by an earlier record of this very group:
                        // a duplicate when its content is the same (an idempotent retry), else a conflict.
                        if (_inserts.TryInsertKey(_nextSeq, tenant, recordId, _lastWrittenAt, record.ContentHash))
                        {
                            append.Sequences[i] = _nextSeq++;
                            appended++;
                        }
                        else if (_inserts.IsSameContent(tenant, recordId, record.ContentHash))
                        {
                            append.Sequences[i] = JournalAppendResult.Duplicate;
                            duplicates++;
                        }
                        else
                        {
                            append.Sequences[i] = JournalAppendResult.Conflict;
                            conflicts++;
                        }
                    }
                    // The request's new records hold the dense seqs firstSeq.._nextSeq-1: one block row for all of them.
                    if (_nextSeq > firstSeq)
                        _inserts.InsertBlock(firstSeq, _nextSeq - 1, JournalRecordEncoder.NewPayloads(append, _blockScratch ??= new PooledByteBuffer(64 * 1024)));
                    break;

                case JournalMarkRequest mark:
                    _counters.ValidateMarks(mark.Seqs);
                    _watermark.Add(mark.Seqs);
                    break;
            }
        }

        if (_watermark.Value != _persistedWatermark)
        {
            // Payloads are needed only until processed: drop each block with the watermark that retires its last
            // record, so the table holds just the in-flight blocks and its pages are reused instead of growing the file.
            var advance = _advanceWatermark;
            advance.Parameters[0].Value = _persistedWatermark;
            advance.Parameters[1].Value = _watermark.Value;
            advance.ExecuteNonQuery();
            _persistedWatermark = _watermark.Value;
        }
    }

    private static SqliteCommand CreateWatermarkAdvance(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE journal_state SET value = $to WHERE name = 'processed_watermark';
            DELETE FROM journal_blocks WHERE last_seq > $from AND last_seq <= $to;
            """;
        command.Parameters.Add("$from", SqliteType.Integer);
        command.Parameters.Add("$to", SqliteType.Integer);
        return command;
    }

    private static long ReadLong(SqliteConnection connection, string sql) =>
        Convert.ToInt64(LeptonDatabase.ExecuteScalar(connection, sql), CultureInfo.InvariantCulture);
}
