using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// Idempotency is for identical retries: the journal keeps a content hash with each id, so a different record sent
/// under an id already seen is told apart from a retry (issue 12, item 4).
/// </summary>
public sealed class JournalConflictTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_different_record_under_a_used_id_is_a_conflict_and_is_not_journaled()
    {
        using var db = _folder.Open();
        await using var journal = new SqliteRecordJournal(db);
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
        using (var db = _folder.Open())
        await using (var journal = new SqliteRecordJournal(db))
            await journal.AppendAsync([record]);

        using var reopened = _folder.Open();
        await using var again = new SqliteRecordJournal(reopened);
        // A retry is accepted again later: only acceptedAt differs, and that is not the record's content.
        var retry = await again.AppendAsync([record with { AcceptedAt = record.AcceptedAt.AddMinutes(5) }]);

        Assert.Equal([JournalAppendResult.Duplicate], retry.Sequences);
        Assert.Equal(1, retry.DuplicateCount);
        Assert.Equal(0, retry.ConflictCount);
    }

    [Fact]
    public async Task Any_field_of_the_content_tells_records_apart()
    {
        using var db = _folder.Open();
        await using var journal = new SqliteRecordJournal(db);
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
