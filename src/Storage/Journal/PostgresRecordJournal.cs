using System.Runtime.CompilerServices;
using Lepton.Monitor.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IRecordJournal"/> for cluster mode: one PARTITION per api process, with its own dense seqs and
/// processed watermark, while duplicates and conflicts are found across all partitions (the key (tenant, record_id)
/// is unique table-wide), so a retry sent to another api process is still a duplicate.
/// <para>
/// The partition is leased (<see cref="JournalPartitionLeases"/>): opening acquires the lease (waiting while another
/// holder has it), a loop renews it, and every group commit first checks it still holds it, on the partition row it
/// then keeps locked until COMMIT. A taker's claim updates that same row, so it is ordered strictly before or after each
/// commit: before, and the commit fails closed (<see cref="JournalPartitionLostException"/>, nothing written); after,
/// and the taker sees the commit's records. Two processes never both write a partition.
/// </para>
/// <para>
/// Group commit as in <see cref="SqliteRecordJournal"/>: callers encode on their own thread, one writer puts whatever
/// is queued into one transaction — keys via <c>unnest</c> arrays in one statement, every request's payload block in a
/// second, then COMMIT — and completes the callers only after it.
/// </para>
/// </summary>
public sealed class PostgresRecordJournal : IRecordJournal, IAsyncDisposable, IDisposable
{
    public const int DefaultQueueCapacity = 1024;

    private const int MaxGroupRecords = 16_384;
    private const int PurgeChunk = 20_000;
    // Retries of a group that lost a race with another partition's transaction on the same key (or a deadlock).
    private const int MaxRaceRetries = 5;

    private const string FenceSql = """
        UPDATE journal_partitions SET lease_until = GREATEST(lease_until, @until)
        WHERE partition = @partition AND holder = @holder
        RETURNING holder
        """;

    // Existing keys (any partition) come back with their hash; the others get dense seqs in input order and are inserted
    // in key order (so two writers lock overlapping keys in the same order). A key another transaction inserts meanwhile
    // is skipped by ON CONFLICT and missing from the answer: the caller retries the group.
    private const string InsertKeysSql = """
        WITH input AS (
            SELECT t.tenant, t.record_id, t.content_hash, t.ord
            FROM unnest(@tenants, @ids, @hashes) WITH ORDINALITY AS t(tenant, record_id, content_hash, ord)
        ), existing AS (
            SELECT i.ord, k.content_hash FROM input i JOIN journal_keys k ON k.tenant = i.tenant AND k.record_id = i.record_id
        ), fresh AS (
            SELECT i.tenant, i.record_id, i.content_hash, i.ord, @first + row_number() OVER (ORDER BY i.ord) - 1 AS seq
            FROM input i WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.ord = i.ord)
        ), inserted AS (
            INSERT INTO journal_keys (tenant, record_id, partition, seq, written_at, content_hash)
            SELECT tenant, record_id, @partition, seq, @at, content_hash FROM fresh ORDER BY tenant, record_id
            ON CONFLICT (tenant, record_id) DO NOTHING
            RETURNING seq
        )
        SELECT e.ord, true, e.content_hash FROM existing e
        UNION ALL
        SELECT f.ord, false, f.seq FROM fresh f JOIN inserted n ON n.seq = f.seq
        """;

    private const string InsertBlocksSql = """
        INSERT INTO journal_blocks (partition, last_seq, first_seq, payloads)
        SELECT @partition, b.last_seq, b.first_seq, substring(@bytes FROM b.start FOR b.length)
        FROM unnest(@lasts, @firsts, @starts, @lengths) AS b(last_seq, first_seq, start, length)
        """;

    private const string AdvanceSql = """
        UPDATE journal_partitions SET last_seq = @last, processed_watermark = @watermark, last_written_at = @at
        WHERE partition = @partition
        """;

    // Payloads are needed only until processed: drop each block with the watermark that retires its last record.
    private const string RetireSql = "DELETE FROM journal_blocks WHERE partition = @partition AND last_seq > @from AND last_seq <= @to";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly JournalPartitionLeases _leases;
    private readonly JournalQueue _queue;
    private readonly Task _opening;
    private readonly Task _writerLoop;
    private readonly Task _renewLoop;
    private readonly CancellationTokenSource _stopping = new();

    // Writer-loop state: touched only by the single writer (after _opening completed).
    private ProcessedWatermark _watermark = new(0);
    private long _nextSeq = 1;
    private long _lastWrittenAt;
    private long _persistedWatermark;
    private PooledByteBuffer? _blockScratch;
    private byte[] _blockBytes = new byte[64 * 1024];

    // Published after each commit, read by any thread.
    private readonly JournalCounters _counters = new();
    private JournalPartitionLostException? _lost;
    private int _disposed;

    /// <summary>
    /// Opens <paramref name="partition"/> in the background: calls wait until its lease is acquired (see
    /// <see cref="JournalPartitionLeases.AcquireAsync"/>) and fail with its error if it cannot be.
    /// <paramref name="holder"/> is this instance's lease holder id (default: a new one); a taker passes the id it claimed the partition with.
    /// </summary>
    public PostgresRecordJournal(NpgsqlDataSource dataSource, string partition, TimeProvider? time = null,
        JournalPartitionOptions? options = null, string? holder = null, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(partition);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        options ??= new JournalPartitionOptions();
        options.Validate();
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
        _leases = new JournalPartitionLeases(dataSource, _time, options);
        Partition = partition;
        Holder = holder ?? JournalPartitionLeases.NewHolderId();
        _queue = new JournalQueue(queueCapacity, nameof(PostgresRecordJournal));
        _opening = Task.Run(OpenAsync);
        _writerLoop = Task.Run(() => GroupCommitLoop.RunAsync(_queue.Reader, MaxGroupRecords, CommitAsync));
        _renewLoop = Task.Run(RenewLoopAsync);
    }

    /// <summary>Creates the journal and waits until its partition's lease is held.</summary>
    public static async Task<PostgresRecordJournal> OpenAsync(NpgsqlDataSource dataSource, string partition, TimeProvider? time = null,
        JournalPartitionOptions? options = null, string? holder = null, CancellationToken ct = default)
    {
        var journal = new PostgresRecordJournal(dataSource, partition, time, options, holder);
        try
        {
            await journal.WhenOpenAsync(ct).ConfigureAwait(false);
            return journal;
        }
        catch
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string Partition { get; }

    /// <summary>This instance's lease holder id.</summary>
    public string Holder { get; }

    public long ProcessedWatermark => _counters.CommittedWatermark;

    /// <summary>True once another holder took the partition: the journal then refuses every write.</summary>
    public bool LeaseLost => Volatile.Read(ref _lost) is not null;

    public JournalDiagnostics Diagnostics => _counters.Snapshot();

    /// <summary>Completes once the lease is held and the partition's state is loaded; throws what prevented it.</summary>
    public Task WhenOpenAsync(CancellationToken ct = default) => _opening.WaitAsync(ct);

    public Task<JournalAppendResult> AppendAsync(IReadOnlyList<MonitoredRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
            return Task.FromResult(JournalAppendResult.Empty);
        ThrowIfLost();
        return _queue.AppendAsync(records, _counters, ct);
    }

    public Task MarkProcessedAsync(IReadOnlyList<long> seqs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        if (seqs.Count == 0)
            return Task.CompletedTask;
        ThrowIfLost();
        return _queue.MarkAsync(seqs, ct);
    }

    public async IAsyncEnumerable<JournaledRecord> ReadUnprocessedAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await WhenOpenAsync(ct).ConfigureAwait(false);
        await foreach (var item in JournalBlockReplay.ReadAsync(ProcessedWatermark, _counters.CommittedLastSeq, ReadBlocksAsync, ct).ConfigureAwait(false))
            yield return item;
    }

    public async Task<JournalPurgeResult> PurgeAsync(TimeSpan retention, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.Zero);
        await WhenOpenAsync(ct).ConfigureAwait(false);
        var watermark = ProcessedWatermark;
        var cutoff = (_time.GetUtcNow() - retention).UtcTicks;
        long keys = 0;
        while (true)
        {
            // Small statements so appends interleave. written_at never decreases with seq within a partition, so its
            // expired keys are a prefix: each chunk scans at most PurgeChunk seqs and a short chunk means done.
            await using var command = _dataSource.CreateCommand("""
                WITH lo AS (SELECT min(seq) AS seq FROM journal_keys WHERE partition = @partition)
                DELETE FROM journal_keys k USING lo
                WHERE k.partition = @partition AND k.seq >= lo.seq AND k.seq < lo.seq + @chunk
                  AND k.seq <= @watermark AND k.written_at < @cutoff
                """);
            AddText(command, "partition", Partition);
            AddLong(command, "chunk", PurgeChunk);
            AddLong(command, "watermark", watermark);
            AddLong(command, "cutoff", cutoff);
            var deleted = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            keys += deleted;
            if (deleted < PurgeChunk)
                break;
        }
        return new JournalPurgeResult(keys);
    }

    /// <summary>Stops taking requests, commits what is queued, then releases the lease (so a taker need not wait for it to expire).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // Still waiting for the lease: give up waiting, so queued requests fail now instead of at the acquire timeout.
        if (!_opening.IsCompleted)
            await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Complete();
        await _writerLoop.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewLoop.ConfigureAwait(false);
        if (_opening.IsCompletedSuccessfully && _lost is null)
        {
            try
            {
                await _leases.ReleaseAsync(Partition, Holder).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or ObjectDisposedException)
            {
                // The lease then expires on its own.
            }
        }
        _blockScratch?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>For containers that dispose synchronously; the writer and renew loops run on the thread pool, so this cannot deadlock.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task ReadBlocksAsync(long after, long upTo, List<JournaledRecord> batch, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT first_seq, last_seq, payloads FROM journal_blocks
            WHERE partition = @partition AND last_seq > @after AND first_seq <= @upTo
            ORDER BY last_seq LIMIT @limit
            """);
        AddText(command, "partition", Partition);
        AddLong(command, "after", after);
        AddLong(command, "upTo", upTo);
        AddLong(command, "limit", JournalBlockReplay.BlocksPerRead);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (batch.Count < JournalBlockReplay.BatchSize && await reader.ReadAsync(ct).ConfigureAwait(false))
            JournalBlockReplay.AddBlock(batch, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), after, upTo);
    }

    private async Task OpenAsync()
    {
        var state = await _leases.AcquireAsync(Partition, Holder, _stopping.Token).ConfigureAwait(false);
        _persistedWatermark = state.ProcessedWatermark;
        _watermark = new ProcessedWatermark(state.ProcessedWatermark);
        _nextSeq = state.LastSeq + 1;
        _lastWrittenAt = state.LastWrittenAt;
        _counters.Loaded(state.LastSeq, state.ProcessedWatermark);
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            await _opening.ConfigureAwait(false);
            while (_lost is null)
            {
                await Task.Delay(_leases.Options.RenewInterval, _time, _stopping.Token).ConfigureAwait(false);
                try
                {
                    if (!await _leases.RenewAsync(Partition, Holder, _stopping.Token).ConfigureAwait(false))
                        await MarkLostAsync().ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // Database unreachable: try again next round. If the lease runs out meanwhile and is taken, the next
                    // commit's fence finds out and fails closed.
                }
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested || !_opening.IsCompletedSuccessfully)
        {
            // Stopping, or never opened (every call reports that error).
        }
    }

    private async Task MarkLostAsync()
    {
        string? holder = null;
        try
        {
            holder = (await _leases.GetAsync(Partition).ConfigureAwait(false))?.Holder;
        }
        catch (NpgsqlException)
        {
        }
        Interlocked.CompareExchange(ref _lost, new JournalPartitionLostException(Partition, holder), null);
    }

    private void ThrowIfLost()
    {
        if (Volatile.Read(ref _lost) is { } lost)
            throw lost;
    }

    private async Task CommitAsync(IReadOnlyList<JournalRequest> group)
    {
        await _opening.ConfigureAwait(false);
        ThrowIfLost();
        ValidateMarks(group);

        for (var attempt = 1; ; attempt++)
        {
            // Fresh each attempt: a retried group is classified again from what the database holds now.
            var appends = new PostgresJournalGroup(group);
            var nextSeqBefore = _nextSeq;
            var lastWrittenAtBefore = _lastWrittenAt;
            var persistedWatermarkBefore = _persistedWatermark;
            try
            {
                var (appended, duplicates, conflicts) = await WriteGroupAsync(group, appends).ConfigureAwait(false);
                _counters.Committed(_nextSeq - 1, _persistedWatermark, _watermark.PendingRanges, appended, duplicates, conflicts);
                foreach (var request in group)
                    request.Complete();
                return;
            }
            catch (Exception e)
            {
                // Rolled back: hand the same seqs out again so they stay dense; the next commit writes the watermark again.
                _nextSeq = nextSeqBefore;
                _lastWrittenAt = lastWrittenAtBefore;
                _persistedWatermark = persistedWatermarkBefore;
                if (attempt >= MaxRaceRetries || !IsRace(e))
                    throw;
            }
        }
    }

    /// <summary>Every mark is checked before any is applied, so a group with a bad one changes nothing (each is retried alone).</summary>
    private void ValidateMarks(IReadOnlyList<JournalRequest> group)
    {
        foreach (var request in group)
            if (request is JournalMarkRequest mark)
                _counters.ValidateMarks(mark.Seqs);
        foreach (var request in group)
            if (request is JournalMarkRequest mark)
                _watermark.Add(mark.Seqs);
    }

    private static bool IsRace(Exception e) =>
        e is KeyRaceException || e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    private async Task<(long Appended, long Duplicates, long Conflicts)> WriteGroupAsync(IReadOnlyList<JournalRequest> group, PostgresJournalGroup appends)
    {
        // Clamped so written_at never decreases with seq (purge relies on it) even if the clock steps back.
        var now = _time.GetUtcNow().UtcTicks;
        _lastWrittenAt = Math.Max(_lastWrittenAt, now);

        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);

        // Round trip 1: the fence (holds the partition row until COMMIT) and the keys.
        await using (var first = new NpgsqlBatch(connection, transaction))
        {
            var fence = new NpgsqlBatchCommand(FenceSql);
            AddText(fence, "partition", Partition);
            AddText(fence, "holder", Holder);
            AddLong(fence, "until", now + _leases.Options.Lease.Ticks);
            first.BatchCommands.Add(fence);
            if (appends.UniqueCount > 0)
                first.BatchCommands.Add(KeysCommand(appends));
            await using var reader = await first.ExecuteReaderAsync().ConfigureAwait(false);
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                await MarkLostAsync().ConfigureAwait(false);
                throw _lost!;
            }
            if (appends.UniqueCount > 0)
            {
                await reader.NextResultAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    var index = checked((int)reader.GetInt64(0) - 1);
                    if (reader.GetBoolean(1))
                        appends.SetExisting(index, reader.IsDBNull(2) ? null : reader.GetInt64(2));
                    else
                        appends.SetInserted(index, reader.GetInt64(2));
                }
            }
        }
        if (!appends.TryResolve(out var appended, out var duplicates, out var conflicts))
            throw new KeyRaceException();
        _nextSeq += appended;

        // Round trip 2: the payload blocks, the partition's last seq and watermark, and the payloads the watermark retires.
        await using (var second = new NpgsqlBatch(connection, transaction))
        {
            if (appended > 0)
                second.BatchCommands.Add(BlocksCommand(appends));
            var advance = new NpgsqlBatchCommand(AdvanceSql);
            AddText(advance, "partition", Partition);
            AddLong(advance, "last", _nextSeq - 1);
            AddLong(advance, "watermark", _watermark.Value);
            AddLong(advance, "at", _lastWrittenAt);
            second.BatchCommands.Add(advance);
            if (_watermark.Value != _persistedWatermark)
            {
                var retire = new NpgsqlBatchCommand(RetireSql);
                AddText(retire, "partition", Partition);
                AddLong(retire, "from", _persistedWatermark);
                AddLong(retire, "to", _watermark.Value);
                second.BatchCommands.Add(retire);
            }
            await second.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        _persistedWatermark = _watermark.Value;
        return (appended, duplicates, conflicts);
    }

    private NpgsqlBatchCommand KeysCommand(PostgresJournalGroup appends)
    {
        var command = new NpgsqlBatchCommand(InsertKeysSql);
        var count = appends.UniqueCount;
        command.Parameters.Add(new NpgsqlParameter("tenants", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Trim(appends.Tenants, count) });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Trim(appends.Ids, count) });
        command.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = Trim(appends.Hashes, count) });
        AddLong(command, "first", _nextSeq);
        AddText(command, "partition", Partition);
        AddLong(command, "at", _lastWrittenAt);
        return command;
    }

    /// <summary>Every request's new payloads back to back in one buffer, split into one block row per request by the database.</summary>
    private NpgsqlBatchCommand BlocksCommand(PostgresJournalGroup appends)
    {
        var scratch = _blockScratch ??= new PooledByteBuffer(64 * 1024);
        var lasts = new List<long>(appends.Appends.Count);
        var firsts = new List<long>(appends.Appends.Count);
        var starts = new List<int>(appends.Appends.Count);
        var lengths = new List<int>(appends.Appends.Count);
        var used = 0;
        foreach (var append in appends.Appends)
        {
            long first = 0, last = 0;
            foreach (var seq in append.Sequences)
            {
                if (seq <= 0)
                    continue;
                if (first == 0)
                    first = seq;
                last = seq;
            }
            if (first == 0)
                continue;
            var payloads = JournalRecordEncoder.NewPayloads(append, scratch);
            if (used + payloads.Length > _blockBytes.Length)
                Array.Resize(ref _blockBytes, Math.Max(used + payloads.Length, _blockBytes.Length * 2));
            payloads.CopyTo(_blockBytes.AsSpan(used));
            lasts.Add(last);
            firsts.Add(first);
            starts.Add(used + 1); // substring() counts from 1
            lengths.Add(payloads.Length);
            used += payloads.Length;
        }
        var command = new NpgsqlBatchCommand(InsertBlocksSql);
        AddText(command, "partition", Partition);
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("bytes", NpgsqlDbType.Bytea) { TypedValue = _blockBytes.AsMemory(0, used) });
        command.Parameters.Add(new NpgsqlParameter("lasts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = lasts.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("firsts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = firsts.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("starts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = starts.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("lengths", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = lengths.ToArray() });
        return command;
    }

    private static T[] Trim<T>(T[] array, int count) => array.Length == count ? array : array[..count];

    private static void AddText(NpgsqlCommand command, string name, string value) =>
        command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = value });

    private static void AddLong(NpgsqlCommand command, string name, long value) =>
        command.Parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    private static void AddText(NpgsqlBatchCommand command, string name, string value) =>
        command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = value });

    private static void AddLong(NpgsqlBatchCommand command, string name, long value) =>
        command.Parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    /// <summary>Another partition's transaction inserted one of the group's keys meanwhile: roll back and run the group again.</summary>
    private sealed class KeyRaceException() : Exception("a journal key was inserted concurrently by another partition");
}
