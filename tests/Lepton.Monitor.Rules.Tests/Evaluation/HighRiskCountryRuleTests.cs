using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class HighRiskCountryRuleTests
{
    private static List<AlertCandidate> Run(string jurisdiction, MonitoredRecord record)
    {
        var output = new List<AlertCandidate>();
        ShippedPacks.Engine(jurisdiction).Evaluate("acme", [record], [], output);
        return output.Where(c => c.RuleKind == RuleKinds.HighRiskCountry).ToList();
    }

    [Theory]
    [InlineData("US")]
    [InlineData("EU")]
    [InlineData("GB")]
    [InlineData("SG")]
    [InlineData("GLOBAL")]
    public void Call_for_action_is_high_and_increased_monitoring_medium(string jurisdiction)
    {
        var toMyanmar = Assert.Single(Run(jurisdiction, TestRecords.Make(50m, channel: PaymentChannel.Wire, to: "MM")));
        var fromKenya = Assert.Single(Run(jurisdiction, TestRecords.Make(50m, channel: PaymentChannel.Wire, from: "KE")));

        Assert.Equal(Severity.High, toMyanmar.Severity);
        Assert.Equal(Severity.Medium, fromKenya.Severity);
        Assert.Contains("beneficiary country MM is on fatfCallForAction", toMyanmar.Explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("2025-10-24", fromKenya.Explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_parties_raise_their_own_candidate_with_the_country_in_the_fingerprint()
    {
        var hits = Run("US", TestRecords.Make(50m, channel: PaymentChannel.Wire, from: "VN", to: "MM"));

        Assert.Equal(2, hits.Count);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-high-risk-country", "cust-1", "VN"), hits[0].Fingerprint);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-high-risk-country", "cust-1", "MM"), hits[1].Fingerprint);
    }

    [Fact]
    public void Countries_on_no_list_raise_nothing()
    {
        Assert.Empty(Run("US", TestRecords.Make(50m, channel: PaymentChannel.Wire, from: "US", to: "ZA"))); // left the list in October 2025
    }
}
