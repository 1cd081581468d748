using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class StructuringRuleTests
{
    private static WindowRecords Us() => new(ShippedPacks.Engine("US"));

    [Fact]
    public void Third_cash_amount_just_under_the_ctr_threshold_within_a_day_alerts()
    {
        var run = Us();

        Assert.Empty(run.Cash(0, 9_500m));
        Assert.Empty(run.Cash(60, 9_000m));
        var hit = Assert.Single(run.Cash(600, 8_000m));

        Assert.Equal("us-cash-structuring", hit.RuleId);
        Assert.Equal("tx-3", hit.RecordId);
        Assert.Contains("3 amounts in [8,000.00 USD, 10,000.00 USD) within P1D total 26,500.00 USD > 10,000.00 USD", hit.Explanation.Summary, StringComparison.Ordinal);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-cash-structuring", "cust-1"), hit.Fingerprint);
    }

    [Fact]
    public void Amounts_below_the_floor_or_at_the_threshold_do_not_count()
    {
        var run = Us();

        Assert.Empty(run.Cash(0, 9_999.99m)); // just under the threshold: counts
        Assert.Empty(run.Cash(1, 10_000m)); // at the threshold: a CTR case, not structuring
        Assert.Empty(run.Cash(2, 7_999.99m)); // just under the floor
        Assert.Empty(run.Cash(3, 8_000m)); // at the floor: counts (2)
        Assert.Single(run.Cash(4, 8_000.01m)); // 3
    }

    [Fact]
    public void Other_entities_and_other_channels_do_not_count()
    {
        var run = Us();
        run.Cash(0, 9_000m);
        run.Cash(1, 9_000m, customer: "cust-2");
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(2), 9_000m, PaymentChannel.Wire), RuleKinds.Structuring);

        Assert.Empty(run.Cash(3, 9_000m));
        Assert.Single(run.Cash(4, 9_000m));
    }

    [Theory]
    [InlineData(ThresholdOperator.GreaterOrEqual, 999.99, false)]
    [InlineData(ThresholdOperator.GreaterOrEqual, 1000.00, true)]
    [InlineData(ThresholdOperator.GreaterThan, 1000.00, false)]
    [InlineData(ThresholdOperator.GreaterThan, 1000.01, true)]
    public void Total_is_compared_with_the_threshold_by_the_operator(ThresholdOperator op, double total, bool alerts)
    {
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Structuring(op: op)));
        run.Cash(0, 300m);
        run.Cash(1, 300m);

        Assert.Equal(alerts, run.Cash(2, (decimal)total - 600m).Count == 1);
    }

    [Fact]
    public void An_event_exactly_one_window_earlier_is_outside_it()
    {
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Structuring()));
        run.Cash(0, 400m);
        run.Cash(30, 400m);

        Assert.Empty(run.Cash(60, 400m)); // window (0, 60]: the first is out
        Assert.Single(run.Cash(60 + 29.999, 400m)); // window (30, 89.999]: 30, 60, 89.999
    }

    [Fact]
    public void A_record_arriving_out_of_order_within_the_lateness_still_completes_the_pattern()
    {
        var run = Us();
        run.Cash(600, 9_000m);
        run.Cash(630, 9_000m);

        var hit = Assert.Single(run.Cash(585, 9_000m)); // 45 minutes behind the newest: on time

        Assert.Equal(0, run.State.Late);
        Assert.Equal("tx-3", hit.RecordId);
    }

    [Fact]
    public void A_late_record_is_evaluated_against_the_window_it_belongs_to_and_counted()
    {
        var state = new EntityWindows(new EntityWindowsOptions { AllowedLateness = TimeSpan.FromMinutes(10) });
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Structuring(minCount: 4)), state);
        Assert.Empty(run.Cash(0, 300m));
        Assert.Empty(run.Cash(20, 300m));
        Assert.Empty(run.Cash(40, 300m));

        var hit = Assert.Single(run.Cash(15, 300m)); // 25 minutes behind: late, but its window is held

        Assert.Equal(1, state.Late);
        Assert.Equal(0, state.TooLate);
        Assert.Equal("tx-4", hit.RecordId);
    }

    [Fact]
    public void A_record_older_than_everything_held_is_counted_too_late_and_still_meets_the_stateless_rules()
    {
        var state = new EntityWindows(new EntityWindowsOptions { AllowedLateness = TimeSpan.FromMinutes(10) });
        var engine = new RuleEngine(TestPacks.With("USD", TestWindowPacks.Structuring(), TestPacks.Threshold(5_000m)), TestRates.Exact);
        var run = new WindowRecords(engine, state);
        run.Cash(0, 400m);
        run.Cash(180, 400m); // newest at 3 h: events before 1 h 50 min are dropped

        var output = new List<AlertCandidate>();
        engine.Evaluate("acme", [WindowRecords.At(TimeSpan.FromMinutes(60), 6_000m, id: "too-late")], [], output, state);

        Assert.Equal(1, state.TooLate);
        Assert.Equal(RuleKinds.Threshold, Assert.Single(output).RuleKind);
    }

    [Fact]
    public void A_pattern_split_across_snapshot_and_restore_is_still_caught()
    {
        var engine = ShippedPacks.Engine("US");
        var before = new WindowRecords(engine);
        Assert.Empty(before.Cash(0, 9_100m));
        Assert.Empty(before.Cash(5, 9_200m));

        var snapshot = before.State.Snapshot();
        var after = new WindowRecords(ShippedPacks.Engine("US"), EntityWindows.Restore(snapshot));

        Assert.Single(after.Cash(10, 9_300m));
    }

    [Fact]
    public void A_replayed_batch_is_not_counted_twice_and_decides_as_before()
    {
        var engine = ShippedPacks.Engine("US");
        var state = new EntityWindows();
        MonitoredRecord[] batch =
        [
            WindowRecords.At(TimeSpan.Zero, 9_000m, id: "a"),
            WindowRecords.At(TimeSpan.FromMinutes(1), 9_000m, id: "b"),
        ];
        var first = new List<AlertCandidate>();
        var replay = new List<AlertCandidate>();

        engine.Evaluate("acme", batch, [], first, state);
        engine.Evaluate("acme", batch, [], replay, state); // a crash before the ack: the journal hands the batch again

        Assert.Empty(first);
        Assert.Empty(replay);
        Assert.Equal(2, state.Replays);
        Assert.Equal(2, state.EventCount);
        var third = new List<AlertCandidate>();
        engine.Evaluate("acme", [WindowRecords.At(TimeSpan.FromMinutes(2), 9_000m, id: "c")], [], third, state);
        Assert.Equal("c", Assert.Single(third, c => c.RuleKind == RuleKinds.Structuring).RecordId);

        // Replaying the first record after the pattern completed does not pin the alert on it.
        var late = new List<AlertCandidate>();
        engine.Evaluate("acme", [batch[0]], [], late, state);
        Assert.DoesNotContain(late, c => c.RuleKind == RuleKinds.Structuring);
    }

    [Fact]
    public void Threshold_in_another_currency_is_converted_once_into_the_pack_currency()
    {
        // GB compares in GBP, its structuring threshold is EUR 10,000 = GBP 6,250 and floor EUR 8,000 = GBP 5,000 at the test rates.
        var run = new WindowRecords(ShippedPacks.Engine("GB"));

        Assert.Empty(run.Cash(0, 4_999.99m, currency: "GBP"));
        Assert.Empty(run.Cash(1, 5_000m, currency: "GBP"));
        Assert.Empty(run.Cash(2, 6_249.99m, currency: "GBP"));
        Assert.Single(run.Cash(3, 8_000m, currency: "EUR")); // EUR 8,000 = GBP 5,000: the third
    }

    [Fact]
    public void Without_state_the_rule_raises_nothing()
    {
        var output = new List<AlertCandidate>();
        var engine = ShippedPacks.Engine("US");

        for (var i = 0; i < 5; i++)
            engine.Evaluate("acme", [WindowRecords.At(TimeSpan.FromMinutes(i), 9_000m)], [], output);

        Assert.DoesNotContain(output, c => c.RuleKind == RuleKinds.Structuring);
    }
}
