using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Bounds;

/// <summary>
/// Issue 12 item 1: a valid but large amount — or one that slipped past validation — never makes a rule throw (an
/// exception takes the record's whole grain batch with it); it is compared as the huge amount it is.
/// </summary>
public sealed class LargeAmountTests
{
    public static TheoryData<string> Amounts => new()
    {
        "1000000000000",          // AmountBounds.MaxAmount: the largest valid amount
        "100000000000000000",     // the 1e17: cents overflow a long
        "792281625142643375935439", // beyond what decimal can hold in cents
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Rules_never_throw_on_the_largest_valid_amount_or_beyond(string text)
    {
        var amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var output = new List<AlertCandidate>();
        foreach (var jurisdiction in ShippedPacks.Set.Jurisdictions)
        {
            var engine = new RuleEngine(ShippedPacks.Get(jurisdiction), CurrencyRates.LoadDefault());
            var state = new EntityWindows();
            MonitoredRecord[] records =
            [
                WindowRecords.At(TimeSpan.Zero, amount, PaymentChannel.Cash, id: "usd"),
                WindowRecords.At(TimeSpan.FromMinutes(1), amount, PaymentChannel.Cash, currency: "IDR", id: "idr"),
                WindowRecords.At(TimeSpan.FromMinutes(2), amount, PaymentChannel.Wire, currency: "AED", id: "aed"),
                WindowRecords.At(TimeSpan.FromMinutes(3), amount, PaymentChannel.Card, currency: "JPY", id: "jpy"),
            ];

            var error = Record.Exception(() => engine.Evaluate("acme", records, [], output, state));

            Assert.Null(error);
        }
        // Still judged as the huge amounts they are: every pack's cash threshold fires on both cash records.
        Assert.Contains(output, c => c.RuleKind == RuleKinds.Threshold && c.RecordId == "usd" && c.Jurisdiction == "US");
        Assert.Contains(output, c => c.RuleKind == RuleKinds.Threshold && c.RecordId == "idr" && c.Jurisdiction == "US");
    }

    [Fact]
    public void A_window_total_beyond_the_cents_range_saturates_instead_of_wrapping_around()
    {
        // 5e16 USD is 5e18 cents: two of them wrap a long around to a negative total, which would hide the burst.
        var run = new WindowRecords(TestWindowPacks.Engine(TestWindowPacks.Velocity(maxAmount: 1_000m)));

        Assert.Single(run.Cash(0, 50_000_000_000_000_000m, RuleKinds.Velocity));
        var second = Assert.Single(run.Cash(1, 50_000_000_000_000_000m, RuleKinds.Velocity));
        Assert.Single(run.Cash(2, 50_000_000_000_000_000m, RuleKinds.Velocity));

        Assert.True(second.Explanation.Values[0].Value is double total && total > 9e16, $"total {second.Explanation.Values[0].Value}");
    }

    [Fact]
    public void A_rule_threshold_beyond_the_cents_range_builds_and_never_fires_wrongly()
    {
        // Built straight from a definition (no reader or override to bound it): the engine must still be constructible.
        var engine = TestWindowPacks.Engine(
            TestWindowPacks.Structuring(threshold: 100_000_000_000_000_000m, floor: 1m),
            TestWindowPacks.Velocity(maxAmount: 100_000_000_000_000_000m));
        var run = new WindowRecords(engine);

        Assert.Empty(run.Cash(0, 1_000m));
        Assert.Empty(run.Cash(1, 1_000m, RuleKinds.Velocity));
    }
}
