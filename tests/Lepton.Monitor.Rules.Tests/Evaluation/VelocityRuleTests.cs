using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class VelocityRuleTests
{
    private static List<AlertCandidate> Card(WindowRecords run, double seconds, decimal amount = 20m, string customer = "cust-1") =>
        run.Run(WindowRecords.At(TimeSpan.FromSeconds(seconds), amount, PaymentChannel.Card, customer, id: $"tx-{seconds}"), RuleKinds.Velocity);

    [Fact]
    public void Sixteenth_record_within_ten_minutes_alerts_and_the_fifteenth_does_not()
    {
        var run = new WindowRecords(ShippedPacks.Engine("US"));
        for (var i = 0; i < 14; i++)
            Assert.Empty(Card(run, i * 30));

        Assert.Empty(Card(run, 14 * 30)); // 15: at the limit
        var hit = Assert.Single(Card(run, 15 * 30)); // 16: over it

        Assert.Equal("us-velocity-burst", hit.RuleId);
        Assert.Equal("16 records within PT10M > 15", hit.Explanation.Summary);
    }

    [Fact]
    public void Window_edge_excludes_the_event_exactly_one_window_back()
    {
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Velocity(maxCount: 2)));
        Card(run, 0);
        Card(run, 300);

        Assert.Empty(Card(run, 600)); // (0, 600]: two events
        Assert.Single(Card(run, 899)); // (299, 899]: 300, 600, 899
    }

    [Theory]
    [InlineData(1000.00, false)]
    [InlineData(1000.01, true)]
    public void Total_over_the_amount_limit_alerts(double last, bool alerts)
    {
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Velocity(maxAmount: 1000m)));
        Card(run, 0, 500m);

        var hits = Card(run, 10, (decimal)last - 500m);

        Assert.Equal(alerts, hits.Count == 1);
        if (alerts)
            Assert.Contains("> 1,000.00 USD", hits[0].Explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_on_unwatched_channels_are_neither_counted_nor_alerted()
    {
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Velocity(maxCount: 1)));
        run.Run(WindowRecords.At(TimeSpan.Zero, 5m, PaymentChannel.Wire), RuleKinds.Velocity);
        run.Run(WindowRecords.At(TimeSpan.FromSeconds(1), 5m, PaymentChannel.Wire), RuleKinds.Velocity);

        Assert.Empty(Card(run, 2));
        Assert.Equal(1, run.State.EventCount);
    }
}
