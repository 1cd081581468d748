using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="IRecordJournal"/> must do: each backend's subclass runs these against its own fresh database
/// (SQLite: <see cref="RecordJournalTests"/>; PostgreSQL: <see cref="PostgresRecordJournalTests"/>).
/// </summary>
public abstract class RecordJournalContractTests
{
    /// <summary>
    /// A new journal over this test's database (PostgreSQL: over the same partition), as after a restart: the journal
    /// an earlier call returned is disposed first (the subclass disposes the last one at the end of the test).
    /// </summary>
    protected abstract Task<IRecordJournal> OpenJournalAsync(TimeProvider? time = null);

    /// <summary>The last seq of every payload block still stored, ascending.</summary>
    protected abstract Task<long[]> StoredPayloadSeqsAsync();

    protected abstract Task<long> KeyCountAsync();

    /// <summary>Blocks the journal's writes until the returned handle is disposed (to make concurrent callers queue).</summary>
    protected abstract Task<IAsyncDisposable> HoldWritesAsync();

    [Fact]
    public async Task Append_gives_dense_increasing_sequences()
    {
        var journal = await OpenJournalAsync();

        var first = await journal.AppendAsync(TestRecords.Many(3, "a-"));
        var second = await journal.AppendAsync(TestRecords.Many(2, "b-"));

        Assert.Equal([1L, 2, 3], first.Sequences);
        Assert.Equal([4L, 5], second.Sequences);
        Assert.Equal(3, first.NewCount);
        Assert.Equal(5, journal.Diagnostics.LastSequence);
    }

    [Fact]
    public async Task A_record_already_journaled_is_a_duplicate_and_not_appended()
    {
        var journal = await OpenJournalAsync();
        await journal.AppendAsync([TestRecords.Minimal("tx-1"), TestRecords.Minimal("tx-2")]);

        var again = await journal.AppendAsync([TestRecords.Minimal("tx-2"), TestRecords.Minimal("tx-3")]);

        Assert.False(again.IsNew(0));
        Assert.Equal(JournalAppendResult.Duplicate, again.Sequences[0]);
        Assert.True(again.IsNew(1));
        Assert.Equal(3, again.Sequences[1]);
        Assert.Equal(1, again.DuplicateCount);
        var unprocessed = await journal.ReadUnprocessedAsync().ToListAsync();
        Assert.Equal(["tx-1", "tx-2", "tx-3"], unprocessed.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task A_duplicate_inside_one_call_keeps_the_first()
    {
        var journal = await OpenJournalAsync();
        var first = TestRecords.Minimal("tx-1") with { Amount = 1m };
        var repeat = TestRecords.Minimal("tx-1") with { Amount = 2m };

        var result = await journal.AppendAsync([first, TestRecords.Minimal("tx-2"), first with { }, repeat]);

        // The identical repeat is a duplicate; the same id with another amount is a different record: a conflict.
        Assert.Equal([1L, 2, JournalAppendResult.Duplicate, JournalAppendResult.Conflict], result.Sequences);
        var stored = await journal.ReadUnprocessedAsync().ToListAsync();
        Assert.Equal(1m, stored.Single(r => r.Record.Id == "tx-1").Record.Amount);
        Assert.Equal(1, journal.Diagnostics.DuplicatesSkipped);
    }

    [Fact]
    public async Task The_same_id_in_another_tenant_is_not_a_duplicate()
    {
        var journal = await OpenJournalAsync();

        var result = await journal.AppendAsync([TestRecords.Minimal("tx-1", "acme"), TestRecords.Minimal("tx-1", "globex")]);

        Assert.Equal(2, result.NewCount);
    }

    [Fact]
    public async Task Unprocessed_records_are_read_back_equal_after_reopen()
    {
        var records = new[] { TestRecords.Full("tx-1"), TestRecords.Minimal("tx-2"), TestRecords.Full("tx-3", "globex") };
        await (await OpenJournalAsync()).AppendAsync(records);

        var recovered = await OpenJournalAsync();
        var read = await recovered.ReadUnprocessedAsync().ToListAsync();

        Assert.Equal([1L, 2, 3], read.Select(r => r.Seq));
        for (var i = 0; i < records.Length; i++)
            TestRecords.AssertSame(records[i], read[i].Record);
        // Idempotency survives the restart too.
        Assert.Equal(0, (await recovered.AppendAsync([TestRecords.Minimal("tx-1")])).NewCount);
    }

    [Fact]
    public async Task Sequences_continue_after_reopen_and_never_repeat()
    {
        await (await OpenJournalAsync()).AppendAsync(TestRecords.Many(4, "a-"));

        var again = await OpenJournalAsync();
        var result = await again.AppendAsync(TestRecords.Many(2, "b-"));

        Assert.Equal([5L, 6], result.Sequences);
    }

    [Fact]
    public async Task Concurrent_appends_are_group_committed()
    {
        var journal = await OpenJournalAsync();
        await journal.AppendAsync([TestRecords.Minimal("warm-up")]);
        // Writes are held while 50 callers enqueue, so they must queue behind the first transaction
        // (on a loaded machine, callers released at once can otherwise arrive one commit apart).
        var commitsBefore = journal.Diagnostics.Commits;
        Task<JournalAppendResult>[] calls;
        await using (await HoldWritesAsync())
        {
            calls = [.. Enumerable.Range(0, 50).Select(c => journal.AppendAsync(TestRecords.Many(20, $"c{c}-")))];
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (journal.Diagnostics.AppendRequests < 51 && waited.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(5);
        }
        var results = await Task.WhenAll(calls);

        var seqs = results.SelectMany(r => r.Sequences).ToList();
        Assert.Equal(Enumerable.Range(2, 1000).Select(i => (long)i), seqs.Order());
        var diagnostics = journal.Diagnostics;
        Assert.Equal(51, diagnostics.AppendRequests);
        Assert.True(diagnostics.Commits - commitsBefore < 50, $"expected fewer transactions than calls, got {diagnostics.Commits - commitsBefore}");
    }

    [Fact]
    public async Task Processed_records_are_not_read_back_after_reopen()
    {
        var journal = await OpenJournalAsync();
        await journal.AppendAsync(TestRecords.Many(6));
        await journal.MarkProcessedAsync([2, 1, 3]);
        Assert.Equal(3, journal.ProcessedWatermark);

        var recovered = await OpenJournalAsync();

        Assert.Equal(3, recovered.ProcessedWatermark);
        Assert.Equal([4L, 5, 6], (await recovered.ReadUnprocessedAsync().ToListAsync()).Select(r => r.Seq));
    }

    [Fact]
    public async Task Marks_above_a_gap_wait_for_the_gap_and_are_replayed_after_a_crash()
    {
        var journal = await OpenJournalAsync();
        await journal.AppendAsync(TestRecords.Many(5));
        await journal.MarkProcessedAsync([1, 3, 4]);
        Assert.Equal(1, journal.ProcessedWatermark);
        Assert.Equal(1, journal.Diagnostics.PendingMarkRanges);

        var recovered = await OpenJournalAsync();
        Assert.Equal([2L, 3, 4, 5], (await recovered.ReadUnprocessedAsync().ToListAsync()).Select(r => r.Seq));

        await recovered.MarkProcessedAsync([2, 3, 4]);
        Assert.Equal(4, recovered.ProcessedWatermark);
    }

    [Fact]
    public async Task Marking_a_sequence_never_handed_out_fails()
    {
        var journal = await OpenJournalAsync();
        await journal.AppendAsync(TestRecords.Many(2));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.MarkProcessedAsync([3]));
        Assert.Equal(0, journal.ProcessedWatermark);
        // The failure is the request's alone: the journal keeps working.
        await journal.MarkProcessedAsync([1, 2]);
        Assert.Equal(2, journal.ProcessedWatermark);
    }

    [Fact]
    public async Task Read_unprocessed_ignores_appends_made_after_the_call()
    {
        var journal = await OpenJournalAsync();
        await journal.AppendAsync(TestRecords.Many(2, "old-"));

        var seen = new List<string>();
        await foreach (var item in journal.ReadUnprocessedAsync())
        {
            seen.Add(item.Record.Id);
            await journal.AppendAsync([TestRecords.Minimal("new-" + item.Seq)]);
        }

        Assert.Equal(["old-0", "old-1"], seen);
    }

    [Fact]
    public async Task Marking_retires_payloads_up_to_the_watermark_only()
    {
        var journal = await OpenJournalAsync();
        foreach (var record in TestRecords.Many(5))
            await journal.AppendAsync([record]); // one block per request: seqs 1..5 in blocks of one

        await journal.MarkProcessedAsync([1, 2, 4]); // watermark 2; 4 waits for 3

        long[] stored = await StoredPayloadSeqsAsync();
        Assert.Equal([3L, 4, 5], stored);
        Assert.Equal(5L, await KeyCountAsync());
    }

    [Fact]
    public async Task A_request_block_is_retired_only_with_its_last_record_and_replays_only_the_unprocessed()
    {
        var journal = await OpenJournalAsync();
        await journal.AppendAsync(TestRecords.Many(3)); // block 1..3
        await journal.AppendAsync([TestRecords.Minimal("tx-dup"), TestRecords.Minimal("tx-0"), TestRecords.Minimal("tx-last")]); // tx-0 is a duplicate: block 4..5

        await journal.MarkProcessedAsync([1, 2]);
        long[] stored = await StoredPayloadSeqsAsync();
        Assert.Equal([3L, 5], stored);

        var replay = new List<(long, string)>();
        await foreach (var item in journal.ReadUnprocessedAsync())
            replay.Add((item.Seq, item.Record.Id));
        Assert.Equal([(3L, "tx-2"), (4L, "tx-dup"), (5L, "tx-last")], replay);

        await journal.MarkProcessedAsync([3]);
        stored = await StoredPayloadSeqsAsync();
        Assert.Equal([5L], stored);
    }

    [Fact]
    public async Task Purge_drops_expired_keys_of_processed_records_only()
    {
        var clock = new ManualTimeProvider(TestCandidates.T0);
        var journal = await OpenJournalAsync(clock);
        await journal.AppendAsync(TestRecords.Many(3, "old-"));     // seqs 1..3
        clock.Advance(TimeSpan.FromDays(8));
        await journal.AppendAsync(TestRecords.Many(2, "recent-"));  // seqs 4..5
        await journal.MarkProcessedAsync([1, 2, 4, 5]);              // watermark 2; 4 and 5 wait for 3

        var purged = await journal.PurgeAsync(TimeSpan.FromDays(7));

        Assert.Equal(new JournalPurgeResult(KeysDeleted: 2), purged);
        // Expired and processed: the id counts as new again. Unprocessed (old-2) and recent keys still dedupe.
        var again = await journal.AppendAsync([TestRecords.Minimal("old-0"), TestRecords.Minimal("old-2"), TestRecords.Minimal("recent-0")]);
        Assert.Equal([6L, JournalAppendResult.Duplicate, JournalAppendResult.Duplicate], again.Sequences);
        Assert.Equal([3L, 4, 5, 6], (await journal.ReadUnprocessedAsync().ToListAsync()).Select(r => r.Seq));
    }

    [Fact]
    public async Task Sequences_do_not_restart_after_everything_was_purged()
    {
        var clock = new ManualTimeProvider(TestCandidates.T0);
        var journal = await OpenJournalAsync(clock);
        await journal.AppendAsync(TestRecords.Many(3));
        await journal.MarkProcessedAsync([1, 2, 3]);
        clock.Advance(TimeSpan.FromDays(30));
        await journal.PurgeAsync(TimeSpan.FromDays(7));

        var again = await OpenJournalAsync(clock);

        Assert.Equal([4L], (await again.AppendAsync([TestRecords.Minimal("tx-0")])).Sequences);
    }

    [Fact]
    public async Task Appending_after_dispose_fails_cleanly()
    {
        var journal = await OpenJournalAsync();
        await ((IAsyncDisposable)journal).DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.AppendAsync([TestRecords.Minimal("tx-1")]));
    }

    [Fact]
    public async Task Records_without_tenant_or_id_are_refused_before_queueing()
    {
        var journal = await OpenJournalAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendAsync([TestRecords.Minimal("")]));
        Assert.Equal(0, journal.Diagnostics.AppendRequests);
    }

    // Idempotency is for identical retries: the journal keeps a content hash with each id, so a different record sent
    // under an id already seen is told apart from a retry (issue 12, item 4).

    [Fact]
    public async Task A_different_record_under_a_used_id_is_a_conflict_and_is_not_journaled()
    {
        var journal = await OpenJournalAsync();
        var benign = TestRecords.Full("tx-1") with { Amount = 12.50m, Channel = PaymentChannel.Card };
        await journal.AppendAsync([benign]);

        var deposit = benign with { Amount = 30_000m, Channel = PaymentChannel.Cash };
        var again = await journal.AppendAsync([deposit, TestRecords.Minimal("tx-2")]);

        Assert.Equal([JournalAppendResult.Conflict, 2L], again.Sequences);
        Assert.True(again.IsConflict(0));
        Assert.False(again.IsNew(0));
        Assert.Equal(1, again.ConflictCount);
        Assert.Equal(0, again.DuplicateCount);
        Assert.Equal(1, again.NewCount);
        var stored = await journal.ReadUnprocessedAsync().ToListAsync();
        Assert.Equal(12.50m, stored.Single(r => r.Record.Id == "tx-1").Record.Amount);
    }

    [Fact]
    public async Task An_identical_retry_accepted_later_stays_a_duplicate_also_after_reopen()
    {
        var record = TestRecords.Full("tx-1");
        await (await OpenJournalAsync()).AppendAsync([record]);

        var again = await OpenJournalAsync();
        // A retry is accepted again later: only acceptedAt differs, and that is not the record's content.
        var retry = await again.AppendAsync([record with { AcceptedAt = record.AcceptedAt.AddMinutes(5) }]);

        Assert.Equal([JournalAppendResult.Duplicate], retry.Sequences);
        Assert.Equal(1, retry.DuplicateCount);
        Assert.Equal(0, retry.ConflictCount);
    }

    [Fact]
    public async Task Any_field_of_the_content_tells_records_apart()
    {
        var journal = await OpenJournalAsync();
        var record = TestRecords.Full("tx-1");
        await journal.AppendAsync([record]);

        MonitoredRecord[] variants =
        [
            record with { Timestamp = record.Timestamp.AddSeconds(1) },
            record with { Currency = "EUR" },
            record with { Beneficiary = record.Beneficiary! with { Country = "FR" } },
            record with { Memo = "something else" },
        ];
        foreach (var variant in variants)
            Assert.Equal([JournalAppendResult.Conflict], (await journal.AppendAsync([variant])).Sequences);
        Assert.Equal([JournalAppendResult.Duplicate], (await journal.AppendAsync([record])).Sequences);
    }
}
