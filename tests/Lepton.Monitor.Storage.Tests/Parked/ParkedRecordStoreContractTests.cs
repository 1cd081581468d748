using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="IParkedRecordStore"/> must do: each backend's subclass runs these against its own fresh
/// database (SQLite: <see cref="ParkedRecordStoreTests"/>; PostgreSQL: <see cref="PostgresParkedRecordStoreTests"/>).
/// </summary>
public abstract class ParkedRecordStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The clock every store of the test reads.</summary>
    protected ManualTimeProvider Clock { get; } = new(T0);

    /// <summary>Base 10 s, cap 60 s: delays fall in [ceiling/2, ceiling] with ceiling 10, 20, 40, 60, 60 … s.</summary>
    protected ParkedBackoff Backoff { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), new Random(12));

    /// <summary>
    /// A new store over this test's database with <see cref="Clock"/> and <see cref="Backoff"/>, as after a restart:
    /// the store an earlier call returned is done with and may no longer work.
    /// </summary>
    protected abstract Task<IParkedRecordStore> OpenStoreAsync();

    protected static ParkedRecord Parked(MonitoredRecord record, string jurisdiction = "US", string reason = "processing: monitor failed", bool retryable = true) =>
        new(record, MonitorKey.For(record.Tenant, jurisdiction), reason, retryable);

    [Fact]
    public async Task A_parked_record_is_durable_with_its_whole_payload_once_ParkAsync_returns()
    {
        var record = TestRecords.Full("tx-1");
        await (await OpenStoreAsync()).ParkAsync([Parked(record, reason: "processing: monitor acme/US failed: TimeoutException")]);

        var store = await OpenStoreAsync();
        var entry = Assert.Single((await store.ListAsync(ParkedRecordFilter.All, 10, null)).Items);
        Assert.Equal(("acme", "acme/US", "US", "tx-1", "processing: monitor acme/US failed: TimeoutException", true, 1, T0, (string?)null),
            (entry.Tenant, entry.Monitor, entry.Jurisdiction, entry.RecordId, entry.Reason, entry.Retryable, entry.Attempts, entry.ParkedAt, entry.LastError));
        Assert.InRange(entry.NextAttemptAt, T0.AddSeconds(5), T0.AddSeconds(10));
        var taken = Assert.Single(await store.TakeMatchingAsync(ParkedRecordFilter.All, 10));
        Assert.Equal("acme/US", taken.MonitorKey);
        TestRecords.AssertSame(record, taken.Record);
    }

    [Fact]
    public async Task Parking_a_record_again_updates_its_reason_and_attempts_instead_of_adding_a_second_one()
    {
        var store = await OpenStoreAsync();
        var record = TestRecords.Minimal("tx-1");

        await store.ParkAsync([Parked(record, reason: "first", retryable: true)]);
        await store.ParkAsync([Parked(record, reason: "second", retryable: false)]);
        await store.ParkAsync([Parked(record, jurisdiction: "EU", reason: "other monitor")]);

        var items = (await store.ListAsync(ParkedRecordFilter.All, 10, null)).Items.OrderBy(e => e.Monitor, StringComparer.Ordinal).ToArray();
        Assert.Equal([("acme/EU", "other monitor", true, 1), ("acme/US", "second", false, 2)],
            items.Select(e => (e.Monitor, e.Reason, e.Retryable, e.Attempts)));
        Assert.Equal(new ParkedCounts(2, 1), await store.CountAsync());
    }

    [Fact]
    public async Task The_same_record_twice_in_one_call_counts_twice_and_keeps_the_later_reason()
    {
        var store = await OpenStoreAsync();
        var record = TestRecords.Minimal("tx-1");

        await store.ParkAsync([Parked(record, reason: "first"), Parked(record, reason: "second"), Parked(TestRecords.Minimal("tx-2"))]);

        var entry = Assert.Single((await store.ListAsync(new ParkedRecordFilter(RecordIds: ["tx-1"]), 10, null)).Items);
        Assert.Equal(("second", 2), (entry.Reason, entry.Attempts));
        Assert.InRange(entry.NextAttemptAt, T0.AddSeconds(10), T0.AddSeconds(20)); // the second attempt's delay
        Assert.Equal(new ParkedCounts(2, 2), await store.CountAsync());
    }

    [Fact]
    public async Task Invalid_records_are_refused_and_none_of_the_call_is_parked()
    {
        var store = await OpenStoreAsync();
        var good = Parked(TestRecords.Minimal("tx-1"));

        var noReason = await Assert.ThrowsAsync<ArgumentException>(() => store.ParkAsync([good, Parked(TestRecords.Minimal("tx-2"), reason: "")]));
        var otherTenant = await Assert.ThrowsAsync<ArgumentException>(() => store.ParkAsync([good, new ParkedRecord(TestRecords.Minimal("tx-3"), "globex/US", "x", true)]));

        Assert.StartsWith("records[1].reason: required", noReason.Message, StringComparison.Ordinal);
        Assert.StartsWith("records[1]: monitor 'globex/US' is not the record's tenant's", otherTenant.Message, StringComparison.Ordinal);
        Assert.Equal(new ParkedCounts(0, 0), await store.CountAsync());
        await store.ParkAsync([]); // nothing to do
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(new ParkedRecordFilter(RecordIds: [.. Enumerable.Range(0, 501).Select(i => $"tx-{i}")]), 10, null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TakeDueAsync(0));
    }

    [Fact]
    public async Task A_long_reason_is_cut()
    {
        var store = await OpenStoreAsync();

        await store.ParkAsync([Parked(TestRecords.Minimal("tx-1"), reason: new string('r', ParkedRecordRules.MaxReasonChars + 50))]);

        var reason = Assert.Single((await store.ListAsync(ParkedRecordFilter.All, 10, null)).Items).Reason;
        Assert.Equal(ParkedRecordRules.MaxReasonChars, reason.Length);
        Assert.EndsWith("r…", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_filter_by_tenant_jurisdiction_and_retryable_and_page_newest_first()
    {
        var store = await OpenStoreAsync();
        await store.ParkAsync([.. Enumerable.Range(0, 7).Select(i => Parked(TestRecords.Minimal($"tx-{i}", i % 2 == 0 ? "acme" : "globex"), i < 5 ? "US" : "EU", retryable: i % 3 != 0))]);

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new ParkedRecordFilter(Tenant: "acme"), 2, cursor);
            ids.AddRange(page.Items.Select(e => e.RecordId));
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(["tx-6", "tx-4", "tx-2", "tx-0"], ids);
        Assert.Equal(["tx-6", "tx-5"], (await store.ListAsync(new ParkedRecordFilter(Jurisdiction: "EU"), 10, null)).Items.Select(e => e.RecordId));
        Assert.Equal(["tx-6", "tx-3", "tx-0"], (await store.ListAsync(new ParkedRecordFilter(Retryable: false), 10, null)).Items.Select(e => e.RecordId));
        Assert.Equal(["tx-4", "tx-2"], (await store.ListAsync(new ParkedRecordFilter("acme", "US", true), 10, null)).Items.Select(e => e.RecordId));
        Assert.Empty((await store.ListAsync(new ParkedRecordFilter(RecordIds: []), 10, null)).Items);
        Assert.Equal(["tx-5", "tx-1"], (await store.TakeMatchingAsync(new ParkedRecordFilter(RecordIds: ["tx-5", "tx-1", "nope"]), 10)).Select(r => r.Record.Id).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(new ParkedCounts(7, 4), await store.CountAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(ParkedRecordFilter.All, 2, "not-a-cursor!"));
    }

    [Fact]
    public async Task Only_due_retryable_records_are_taken_and_each_failed_replay_pushes_the_next_attempt_back_exponentially_up_to_the_cap()
    {
        var store = await OpenStoreAsync();
        await store.ParkAsync([Parked(TestRecords.Minimal("tx-retry")), Parked(TestRecords.Minimal("tx-wait"), retryable: false)]);

        Assert.Empty(await store.TakeDueAsync(10)); // first delay is at least 5 s
        Clock.Advance(TimeSpan.FromSeconds(10));
        var due = Assert.Single(await store.TakeDueAsync(10));
        Assert.Equal("tx-retry", due.Record.Id);

        // Ceilings after attempts 2..6: 20, 40, 60 (cap), 60, 60 s; each delay lies in [ceiling/2, ceiling].
        foreach (var ceiling in new[] { 20, 40, 60, 60, 60 })
        {
            var before = Clock.GetUtcNow();
            await store.RescheduleAsync([new ParkedFailure(due.Id, "still down", true)]);
            var entry = (await store.ListAsync(new ParkedRecordFilter(RecordIds: ["tx-retry"]), 1, null)).Items[0];
            Assert.InRange(entry.NextAttemptAt, before.AddSeconds(ceiling / 2.0), before.AddSeconds(ceiling));
            Assert.Equal("still down", entry.LastError);
            Clock.Advance(TimeSpan.FromSeconds(ceiling / 2.0 - 1));
            Assert.Empty(await store.TakeDueAsync(10));
            Clock.Advance(TimeSpan.FromSeconds(ceiling / 2.0 + 1));
            due = Assert.Single(await store.TakeDueAsync(10));
        }
        Assert.Equal(6, due.Attempts);

        // A failure that turns out not to be retryable stops the automatic retries.
        await store.RescheduleAsync([new ParkedFailure(due.Id, "amount: overflows", false)]);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await store.TakeDueAsync(10));
        Assert.Equal(new ParkedCounts(2, 0), await store.CountAsync());
    }

    [Fact]
    public async Task Due_records_are_taken_oldest_due_first_up_to_the_maximum()
    {
        var store = await OpenStoreAsync();
        await store.ParkAsync([Parked(TestRecords.Minimal("tx-a"))]);
        Clock.Advance(TimeSpan.FromSeconds(30));
        await store.ParkAsync([Parked(TestRecords.Minimal("tx-b"))]);
        Clock.Advance(TimeSpan.FromSeconds(30));
        await store.ParkAsync([Parked(TestRecords.Minimal("tx-c"))]);
        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["tx-a", "tx-b"], (await store.TakeDueAsync(2)).Select(r => r.Record.Id));
    }

    [Fact]
    public async Task Rescheduling_a_record_completed_meanwhile_does_nothing()
    {
        var store = await OpenStoreAsync();
        await store.ParkAsync([Parked(TestRecords.Minimal("tx-1"))]);
        var taken = Assert.Single(await store.TakeMatchingAsync(ParkedRecordFilter.All, 10));

        await store.CompleteAsync([taken]);
        await store.RescheduleAsync([new ParkedFailure(taken.Id, "late failure", true)]);

        Assert.Equal(new ParkedCounts(0, 0), await store.CountAsync());
    }

    [Fact]
    public async Task Completing_a_replayed_record_removes_it_but_keeps_one_parked_again_since_it_was_taken()
    {
        var store = await OpenStoreAsync();
        await store.ParkAsync([Parked(TestRecords.Minimal("tx-1")), Parked(TestRecords.Minimal("tx-2"))]);
        var taken = await store.TakeMatchingAsync(ParkedRecordFilter.All, 10);

        await store.ParkAsync([Parked(TestRecords.Minimal("tx-2"), reason: "failed again meanwhile")]);
        await store.CompleteAsync(taken);

        var left = Assert.Single((await store.ListAsync(ParkedRecordFilter.All, 10, null)).Items);
        Assert.Equal(("tx-2", "failed again meanwhile", 2), (left.RecordId, left.Reason, left.Attempts));
        Assert.Equal(new ParkedCounts(1, 1), await store.CountAsync());
    }
}
