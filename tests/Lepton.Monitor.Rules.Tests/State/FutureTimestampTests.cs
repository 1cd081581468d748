using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.State;

/// <summary>
/// Issue 12 item 2: an attacker controls timestamps. One record dated 9999-12-31 must not advance the watermarks past
/// the ingest clock (its acceptance time), so no other entity's — nor its own entity's — window history looks expired.
/// </summary>
public sealed class FutureTimestampTests
{
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A record dated far ahead of the moment ingest accepted it (<paramref name="acceptedAfter"/> past T0).</summary>
    private static MonitoredRecord FutureDated(string customer, TimeSpan acceptedAfter) =>
        WindowRecords.At(acceptedAfter, 500m, PaymentChannel.Cash, customer, id: "from-the-future") with { Timestamp = FarFuture };

    [Fact]
    public void One_future_dated_record_cannot_erase_other_entities_windows()
    {
        var engine = ShippedPacks.Engine("US");
        var state = new EntityWindows();
        var output = new List<AlertCandidate>();
        // The first half of a structuring pattern…
        engine.Evaluate("acme", [WindowRecords.At(TimeSpan.Zero, 9_100m, id: "s-1"), WindowRecords.At(TimeSpan.FromMinutes(1), 9_200m, id: "s-2")], [], output, state);

        // …thousands of other customers' records, one of them dated 9999-12-31 (enough records for an expiry sweep after it)…
        var traffic = new List<MonitoredRecord>();
        for (var i = 0; i < 10_000; i++)
        {
            var at = TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(50 * i);
            traffic.Add(i == 1_000
                ? FutureDated("mallory", at)
                : WindowRecords.At(at, 20m + i % 50, PaymentChannel.Card, $"other-{i % 3_000}", id: $"o-{i}"));
        }
        engine.Evaluate("acme", traffic.ToArray(), [], output, state);
        Assert.Equal(0, state.ExpiredEntities);

        // …and the second half, 20 minutes after the first: the pattern is still seen whole.
        output.Clear();
        engine.Evaluate("acme", [WindowRecords.At(TimeSpan.FromMinutes(20), 9_300m, id: "s-3")], [], output, state);

        var hit = Assert.Single(output, c => c.RuleKind == RuleKinds.Structuring);
        Assert.Equal("s-3", hit.RecordId);
    }

    [Fact]
    public void A_future_dated_record_cannot_erase_its_own_entitys_window()
    {
        var engine = ShippedPacks.Engine("US");
        var run = new WindowRecords(engine);
        Assert.Empty(run.Run(WindowRecords.At(TimeSpan.Zero, 9_100m, id: "s-1"), RuleKinds.Structuring));
        Assert.Empty(run.Run(WindowRecords.At(TimeSpan.FromMinutes(1), 9_200m, id: "s-2"), RuleKinds.Structuring));

        run.Run(FutureDated("cust-1", TimeSpan.FromMinutes(2)), RuleKinds.Structuring);

        var hit = Assert.Single(run.Run(WindowRecords.At(TimeSpan.FromMinutes(3), 9_300m, id: "s-3"), RuleKinds.Structuring));
        Assert.Equal("s-3", hit.RecordId);
        Assert.Equal(0, run.State.TooLate);
    }

    [Fact]
    public void Historical_records_replayed_long_after_they_happened_still_expire_by_event_time()
    {
        // A backfill: event times a year before acceptance. The watermark follows event time (capped only from above),
        // so entities idle for longer than the retention still expire.
        var state = new EntityWindows();
        state.EnsureRetention(TimeSpan.FromHours(1));
        var accepted = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var t0 = accepted.AddYears(-1);
        state.Observe("idle", t0, 100, PaymentChannel.Cash, "r-0", accepted);
        for (var i = 1; i <= 5_000; i++)
            state.Observe($"busy-{i % 10}", t0.AddHours(3).AddSeconds(i), 100, PaymentChannel.Cash, $"r-{i}", accepted);

        Assert.Equal(1, state.ExpiredEntities);
    }

    [Fact]
    public void The_watermark_lead_is_an_option_and_must_not_be_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntityWindows(new EntityWindowsOptions { WatermarkLead = TimeSpan.FromMinutes(-1) }));
        Assert.Equal(TimeSpan.FromMinutes(5), EntityWindowsOptions.Default.WatermarkLead);
    }
}
