using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class TravelRuleTests
{
    private static MonitoredRecord Wire(decimal amount, string currency = "USD", string from = "US", string to = "DE",
        string? originatorName = "name-o", string? beneficiaryAccount = "acct-b", PaymentChannel channel = PaymentChannel.Wire) =>
        TestRecords.Make(amount, currency, channel, from, to) with
        {
            Originator = new Party("acct-o", originatorName, from, "cust-1"),
            Beneficiary = new Party(beneficiaryAccount, "name-b", to, null),
        };

    private static List<AlertCandidate> Run(string jurisdiction, MonitoredRecord record)
    {
        var output = new List<AlertCandidate>();
        ShippedPacks.Engine(jurisdiction).Evaluate("acme", [record], [], output);
        return output.Where(c => c.RuleKind == RuleKinds.TravelRule).ToList();
    }

    [Theory]
    [InlineData(2_999.99, false)]
    [InlineData(3_000.00, true)]
    [InlineData(3_000.01, true)]
    public void Us_threshold_is_3000_usd(double amount, bool alerts)
    {
        Assert.Equal(alerts, Run("US", Wire((decimal)amount, originatorName: null)).Count == 1);
    }

    [Fact]
    public void Explanation_names_the_missing_fields_and_the_amount()
    {
        var hit = Assert.Single(Run("US", Wire(5_000m, originatorName: null, beneficiaryAccount: null)));

        Assert.Equal("cross-border wire US→DE of 5,000.00 USD (≥ 3,000.00 USD) lacks originator.name, beneficiary.account", hit.Explanation.Summary);
        Assert.Contains(hit.Explanation.Values, v => v.Name == "beneficiary.account" && (string)v.Value == "missing");
    }

    [Fact]
    public void Complete_or_domestic_transfers_and_card_payments_do_not_alert()
    {
        Assert.Empty(Run("US", Wire(5_000m)));
        Assert.Empty(Run("US", Wire(5_000m, to: "US", originatorName: null)));
        Assert.Empty(Run("US", Wire(5_000m, originatorName: null, channel: PaymentChannel.Card)));
        Assert.Empty(Run("US", Wire(5_000m, originatorName: null) with { Beneficiary = null }));
    }

    [Fact]
    public void Eu_alerts_on_any_amount()
    {
        Assert.Single(Run("EU", Wire(0.01m, "EUR", "DE", "US", originatorName: null)));
    }

    [Theory]
    [InlineData(624.99, false)] // GBP; EUR 1,000 = GBP 625 at the test rates
    [InlineData(625.00, true)]
    public void Gb_threshold_is_1000_eur_in_gbp(double gbp, bool alerts)
    {
        Assert.Equal(alerts, Run("GB", Wire((decimal)gbp, "GBP", "GB", "FR", originatorName: null)).Count == 1);
    }

    [Theory]
    [InlineData("SG", "SGD", 1_499.99, false)]
    [InlineData("SG", "SGD", 1_500.00, true)]
    [InlineData("GLOBAL", "USD", 999.99, false)]
    [InlineData("GLOBAL", "USD", 1_000.00, true)]
    public void Sg_and_global_thresholds(string jurisdiction, string currency, double amount, bool alerts)
    {
        Assert.Equal(alerts, Run(jurisdiction, Wire((decimal)amount, currency, "SG", "IN", originatorName: null)).Count == 1);
    }
}
