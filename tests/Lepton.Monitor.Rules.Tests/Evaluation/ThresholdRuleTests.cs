using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class ThresholdRuleTests
{
    private static List<AlertCandidate> Run(RuleEngine engine, params MonitoredRecord[] records)
    {
        var output = new List<AlertCandidate>();
        engine.Evaluate("acme", records, ReadOnlySpan<ModelScore?>.Empty, output);
        return output.Where(c => c.RuleKind == RuleKinds.Threshold).ToList();
    }

    [Theory]
    [InlineData(9999.99, false)]
    [InlineData(10000.00, false)] // 31 CFR 1010.311: "more than $10,000"
    [InlineData(10000.01, true)]
    public void US_cash_boundary_in_pack_currency(decimal amount, bool alerts)
    {
        var hits = Run(ShippedPacks.Engine("US"), TestRecords.Cash(amount));

        Assert.Equal(alerts, hits.Count == 1);
    }

    [Theory]
    [InlineData(9999.99, false)]
    [InlineData(10000.00, true)] // Directive (EU) 2015/849 Art. 11(c): "EUR 10 000 or more"
    [InlineData(10000.01, true)]
    public void EU_cash_boundary_in_pack_currency(decimal amount, bool alerts)
    {
        var hits = Run(ShippedPacks.Engine("EU"), TestRecords.Cash(amount, "EUR"));

        Assert.Equal(alerts, hits.Count == 1);
    }

    [Theory]
    [InlineData(7999.99, false)] // 9,999.99 USD
    [InlineData(8000.00, false)] // exactly 10,000.00 USD
    [InlineData(8000.01, true)]  // 10,000.0125 → 10,000.01 USD
    public void EUR_record_against_the_US_pack_is_converted_to_USD(decimal eur, bool alerts)
    {
        var hits = Run(ShippedPacks.Engine("US"), TestRecords.Cash(eur, "EUR"));

        Assert.Equal(alerts, hits.Count == 1);
    }

    [Theory]
    [InlineData(12499.99, false)] // 9,999.992 → 9,999.99 EUR
    [InlineData(12500.00, true)]  // exactly 10,000.00 EUR
    public void USD_record_against_the_EU_pack_is_converted_to_EUR(decimal usd, bool alerts)
    {
        var hits = Run(ShippedPacks.Engine("EU"), TestRecords.Cash(usd, "USD"));

        Assert.Equal(alerts, hits.Count == 1);
    }

    [Theory]
    [InlineData(6249.99, false)] // 9,999.98 EUR
    [InlineData(6250.00, true)]  // 10,000.00 EUR
    public void GB_rule_compares_in_its_own_currency_EUR(decimal gbp, bool alerts)
    {
        var hits = Run(ShippedPacks.Engine("GB"), TestRecords.Cash(gbp, "GBP"));

        Assert.Equal(alerts, hits.Count == 1);
        if (alerts)
        {
            var value = Assert.Single(hits[0].Explanation.Values);
            Assert.Equal("amountInRuleCurrency", value.Name);
            Assert.Equal(10000.0, value.Value);
            Assert.Equal("cash 10,000.00 EUR ≥ 10,000.00 EUR (converted from 6,250.00 GBP)", hits[0].Explanation.Summary);
        }
    }

    [Theory]
    [InlineData(PaymentChannel.Wire)]
    [InlineData(PaymentChannel.Card)]
    [InlineData(PaymentChannel.Crypto)]
    public void Non_cash_channel_does_not_trigger_a_cash_rule(PaymentChannel channel)
    {
        var hits = Run(ShippedPacks.Engine("US"), TestRecords.Make(50_000m, channel: channel));

        Assert.Empty(hits);
    }

    [Fact]
    public void Rule_watches_exactly_the_channels_it_names()
    {
        var engine = new RuleEngine(TestPacks.With("USD", TestPacks.Threshold(1000m, channels: [PaymentChannel.Wire, PaymentChannel.Sepa])), TestRates.Exact);

        var hits = Run(engine,
            TestRecords.Make(5000m, channel: PaymentChannel.Wire, id: "wire"),
            TestRecords.Make(5000m, channel: PaymentChannel.Sepa, id: "sepa"),
            TestRecords.Make(5000m, channel: PaymentChannel.Cash, id: "cash"));

        Assert.Equal(["wire", "sepa"], hits.Select(h => h.RecordId));
    }

    [Fact]
    public void Unknown_currency_is_skipped_without_exception()
    {
        var engine = ShippedPacks.Engine("US");

        var hits = Run(engine, TestRecords.Cash(1_000_000m, "XYZ"), TestRecords.Cash(20_000m, "USD"));

        Assert.Equal(20_000.0, Assert.Single(hits).Explanation.Values[0].Value);
    }

    [Fact]
    public void Candidate_carries_the_record_rule_and_explanation_in_the_spec_shape()
    {
        var engine = new RuleEngine(TestPacks.With("USD", TestPacks.Threshold(10_000m)), TestRates.Exact);
        var record = TestRecords.Cash(12_500m);

        var hit = Assert.Single(Run(engine, record));

        Assert.Equal("acme", hit.Tenant);
        Assert.Equal("TT", hit.Jurisdiction);
        Assert.Equal(AlertKind.Rule, hit.Kind);
        Assert.Equal("tt-threshold", hit.RuleId);
        Assert.Equal("threshold", hit.RuleKind);
        Assert.Equal(Severity.High, hit.Severity);
        Assert.Equal("cust-1", hit.Entity);
        Assert.Equal(record.Id, hit.RecordId);
        Assert.Equal(TestRecords.Timestamp, hit.EventTime);
        Assert.Equal(TestRecords.AcceptedAt, hit.AcceptedAt);
        Assert.Null(hit.Score);
        Assert.Null(hit.ModelVersion);
        Assert.Equal(AlertFingerprint.Compute("acme", "TT", "tt-threshold", "cust-1"), hit.Fingerprint);

        Assert.Equal("cash 12,500.00 USD ≥ 10,000.00 USD", hit.Explanation.Summary);
        Assert.Equal(new RuleReference("tt-threshold", "threshold", "Test Act s. 1"), hit.Explanation.Rule);
        var value = Assert.Single(hit.Explanation.Values);
        Assert.Equal("amountInPackCurrency", value.Name);
        Assert.Equal(12500.0, Assert.IsType<double>(value.Value));
        Assert.Equal(">=", value.Op);
        Assert.Equal(10000.0, Assert.IsType<double>(value.Threshold));
        Assert.Null(hit.Explanation.Model);
    }

    [Fact]
    public void Converted_amount_is_explained_in_pack_currency_with_its_origin()
    {
        var hit = Assert.Single(Run(ShippedPacks.Engine("US"), TestRecords.Cash(10_000m, "EUR")));

        Assert.Equal("cash 12,500.00 USD > 10,000.00 USD (converted from 10,000.00 EUR)", hit.Explanation.Summary);
        Assert.Equal(">", hit.Explanation.Values[0].Op);
        Assert.Equal(12500.0, hit.Explanation.Values[0].Value);
    }
}
