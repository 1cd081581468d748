using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

/// <summary>
/// Issue 12 item 10: an aggregate alert carries all of its evidence — every record of the window that formed the
/// pattern (PRODUCT.md §5 <c>recordIds</c>), not only the record that completed it.
/// </summary>
public sealed class PatternEvidenceTests
{
    [Fact]
    public void A_structuring_alert_lists_every_record_of_the_pattern()
    {
        var run = new WindowRecords(ShippedPacks.Engine("US"));
        run.Run(WindowRecords.At(TimeSpan.Zero, 9_100m, id: "d-1"), RuleKinds.Structuring);
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(1), 50m, id: "small"), RuleKinds.Structuring); // below the floor: not evidence
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(2), 9_200m, id: "d-2"), RuleKinds.Structuring);

        var third = Assert.Single(run.Run(WindowRecords.At(TimeSpan.FromMinutes(3), 9_300m, id: "d-3"), RuleKinds.Structuring));
        var fourth = Assert.Single(run.Run(WindowRecords.At(TimeSpan.FromMinutes(4), 9_400m, id: "d-4"), RuleKinds.Structuring));

        Assert.Equal(["d-1", "d-2", "d-3"], third.EvidenceRecordIds!);
        Assert.Equal("d-3", third.RecordId);
        // The explanation counts the records the evidence lists.
        Assert.Equal(3, third.Explanation.Values[0].Value);
        Assert.Equal(["d-1", "d-2", "d-3", "d-4"], fourth.EvidenceRecordIds!);
        Assert.Equal(4, fourth.Explanation.Values[0].Value);
    }

    [Fact]
    public void A_velocity_alert_lists_every_record_of_the_burst_on_watched_channels()
    {
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Velocity(maxCount: 3)));
        run.Run(WindowRecords.At(TimeSpan.Zero, 10m, PaymentChannel.Card, id: "v-1"), RuleKinds.Velocity);
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(1), 10m, PaymentChannel.Wire, id: "wire"), RuleKinds.Velocity); // not watched
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(2), 10m, PaymentChannel.Cash, id: "v-2"), RuleKinds.Velocity);
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(3), 10m, PaymentChannel.Card, id: "v-3"), RuleKinds.Velocity);

        var hit = Assert.Single(run.Run(WindowRecords.At(TimeSpan.FromMinutes(4), 10m, PaymentChannel.Card, id: "v-4"), RuleKinds.Velocity));

        Assert.Equal(["v-1", "v-2", "v-3", "v-4"], hit.EvidenceRecordIds!);
    }

    [Fact]
    public void A_late_record_that_completes_the_pattern_is_listed_with_the_rest()
    {
        var run = new WindowRecords(ShippedPacks.Engine("US"));
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(10), 9_100m, id: "d-2"), RuleKinds.Structuring);
        run.Run(WindowRecords.At(TimeSpan.FromMinutes(20), 9_200m, id: "d-3"), RuleKinds.Structuring);

        var hit = Assert.Single(run.Run(WindowRecords.At(TimeSpan.Zero, 9_300m, id: "d-1"), RuleKinds.Structuring));

        Assert.Equal("d-1", hit.RecordId);
        Assert.Equal(["d-1", "d-2", "d-3"], hit.EvidenceRecordIds!);
    }

    [Fact]
    public void Stateless_rules_carry_no_separate_evidence()
    {
        var output = new List<AlertCandidate>();
        ShippedPacks.Engine("US").Evaluate("acme", [TestRecords.Cash(20_000m)], [], output);

        Assert.Null(Assert.Single(output).EvidenceRecordIds);
    }

    [Fact]
    public void A_pattern_split_across_snapshot_and_restore_lists_every_record()
    {
        var before = new WindowRecords(ShippedPacks.Engine("US"));
        before.Run(WindowRecords.At(TimeSpan.Zero, 9_100m, id: "d-1"), RuleKinds.Structuring);
        before.Run(WindowRecords.At(TimeSpan.FromMinutes(1), 9_200m, id: "d-2"), RuleKinds.Structuring);

        var after = new WindowRecords(ShippedPacks.Engine("US"), EntityWindows.Restore(before.State.Snapshot()));
        var hit = Assert.Single(after.Run(WindowRecords.At(TimeSpan.FromMinutes(2), 9_300m, id: "d-3"), RuleKinds.Structuring));

        Assert.Equal(["d-1", "d-2", "d-3"], hit.EvidenceRecordIds!);
    }
}
