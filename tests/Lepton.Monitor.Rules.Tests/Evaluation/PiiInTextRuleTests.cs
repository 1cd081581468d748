using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class PiiInTextRuleTests
{
    private static List<AlertCandidate> Run(string? memo, string jurisdiction = "US")
    {
        var output = new List<AlertCandidate>();
        ShippedPacks.Engine(jurisdiction).Evaluate("acme", [TestRecords.Make(50m, channel: PaymentChannel.Card) with { Memo = memo }], [], output);
        return output.Where(c => c.RuleKind == RuleKinds.PiiInText).ToList();
    }

    [Fact]
    public void Raw_pii_alerts_naming_the_kinds_never_the_values()
    {
        var hit = Assert.Single(Run("pay 4111 1111 1111 1111 ref jane@example.com"));

        Assert.Equal("memo contains card-number, email", hit.Explanation.Summary);
        var json = JsonSerializer.Serialize(hit);
        Assert.DoesNotContain("4111", json, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_left_by_ingest_alert_as_well()
    {
        var hit = Assert.Single(Run("pay [masked:card-number] ref [masked:iban]", "EU"));

        Assert.Equal("memo contains card-number, iban", hit.Explanation.Summary);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("invoice 12345")]
    [InlineData("4111111111111112")]
    public void Clean_memos_raise_nothing(string? memo)
    {
        Assert.Empty(Run(memo));
    }

    [Fact]
    public void Only_the_configured_kinds_alert()
    {
        var rule = new RuleDefinition("tt-pii", Severity.Low, "Test Act s. 5", null, true, new PiiInTextParameters(PiiKinds.Ssn));
        var output = new List<AlertCandidate>();
        new RuleEngine(TestPacks.With("USD", rule), TestRates.Exact).Evaluate("acme",
            [TestRecords.Make() with { Memo = "a@b.io" }, TestRecords.Make(id: "tx-2") with { Memo = "ssn 123-45-6789" }], [], output);

        Assert.Equal("tx-2", Assert.Single(output).RecordId);
    }
}
