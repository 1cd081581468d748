using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Loading;

/// <summary>The parameters of structuring, velocity, high-risk-country, travel-rule, cross-border-data-transfer and pii-in-text.</summary>
public sealed class NewRuleKindsLoadingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Pack(params string[] rules) =>
        $$"""
        {
          "jurisdiction": "XX",
          "name": "Test pack",
          "currency": "USD",
          "version": "2026-11-01",
          "lists": {
            "black": { "asOf": "2025-10-24", "source": "test", "values": ["KP"] },
            "grey": { "asOf": "2025-10-24", "source": "test", "values": ["VN"] },
            "protected": { "asOf": "2025-10-24", "source": "test", "values": ["EEA", "DE"] },
            "adequate": { "asOf": "2025-10-24", "source": "test", "values": ["CH"] }
          },
          "rules": [
            {{string.Join(",\n    ", rules)}}
          ]
        }
        """;

    private static string Rule(string id, string kind, string parameters) =>
        $$"""{ "id": "{{id}}", "kind": "{{kind}}", "severity": "high", "legalSource": "Test Act", "params": {{parameters}} }""";

    private RulePack Load(params string[] rules) => RulePackLoader.LoadFile(_folder.Write("XX.json", Pack(rules)));

    [Fact]
    public void Every_new_kind_loads_with_its_defaults()
    {
        var pack = Load(
            Rule("xx-s", "structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 3, "window": "P1D" }"""),
            Rule("xx-v", "velocity", """{ "window": 600, "maxCount": 15 }"""),
            Rule("xx-h", "high-risk-country", """{ "lists": [ { "list": "black", "severity": "critical" }, { "list": "grey" } ] }"""),
            Rule("xx-t", "travel-rule", """{ "amount": 0 }"""),
            Rule("xx-d", "cross-border-data-transfer", """{ "protectedRegions": "protected", "adequateRegions": "adequate" }"""),
            Rule("xx-p", "pii-in-text", "{}"));

        var s = (StructuringParameters)pack.FindRule("xx-s")!.Parameters;
        Assert.Equal((10000m, 8000m, 3, TimeSpan.FromDays(1), ThresholdOperator.GreaterOrEqual), (s.Threshold, s.Floor, s.MinCount, s.Window, s.Operator));
        Assert.Equal([PaymentChannel.Cash], s.Channels);
        var v = (VelocityParameters)pack.FindRule("xx-v")!.Parameters;
        Assert.Equal((TimeSpan.FromMinutes(10), 15, (decimal?)null), (v.Window, v.MaxCount, v.MaxAmount));
        Assert.Equal(Enum.GetValues<PaymentChannel>(), v.Channels);
        var h = (HighRiskCountryParameters)pack.FindRule("xx-h")!.Parameters;
        Assert.Equal([new HighRiskListLevel("black", Severity.Critical), new HighRiskListLevel("grey", null)], h.Lists);
        var t = (TravelRuleParameters)pack.FindRule("xx-t")!.Parameters;
        Assert.Equal([PaymentChannel.Wire, PaymentChannel.Sepa, PaymentChannel.Ach, PaymentChannel.Crypto], t.Channels);
        Assert.Equal(PiiKinds.All, ((PiiInTextParameters)pack.FindRule("xx-p")!.Parameters).Kinds);
        Assert.Equal(6, new RuleEngine(pack, TestRates.Exact).Rules.Count);
    }

    [Theory]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 3 }""", "missing param 'window'")]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 3, "window": "P1M" }""", "param 'window' must be an ISO-8601 duration")]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 3, "window": "P40D" }""", "at most 31 days")]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 3, "window": 0 }""", "> 0")]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 10000, "minCount": 3, "window": "P1D" }""", "param 'floor' must be >= 0 and below 'threshold'")]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 1, "window": "P1D" }""", "param 'minCount' must be a whole number from 2")]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 2.5, "window": "P1D" }""", "param 'minCount' must be a whole number")]
    [InlineData("structuring", """{ "threshold": 10000, "floor": 8000, "minCount": 3, "window": "P1D", "windw": 1 }""", "unknown property 'windw'")]
    [InlineData("velocity", """{ "window": "PT10M" }""", "needs 'maxCount', 'maxAmount' or both")]
    [InlineData("velocity", """{ "window": "PT10M", "maxCount": 0 }""", "param 'maxCount' must be a whole number from 1")]
    [InlineData("velocity", """{ "window": "PT10M", "maxAmount": -1 }""", "param 'maxAmount' must be > 0")]
    [InlineData("high-risk-country", """{ "lists": [] }""", "param 'lists' must be a non-empty array")]
    [InlineData("high-risk-country", """{ "lists": [ { "list": "nope" } ] }""", "unknown list name 'nope'")]
    [InlineData("high-risk-country", """{ "lists": [ { "list": "protected" } ] }""", "'EEA' is not an ISO 3166-1 alpha-2 country code")]
    [InlineData("high-risk-country", """{ "lists": [ { "list": "grey", "severity": "urgent" } ] }""", "bad severity 'urgent'")]
    [InlineData("travel-rule", """{ }""", "missing param 'amount'")]
    [InlineData("travel-rule", """{ "amount": -1 }""", "param 'amount' must be >= 0")]
    [InlineData("travel-rule", """{ "amount": 1000, "currency": "EURO" }""", "is not an ISO 4217 code")]
    [InlineData("cross-border-data-transfer", """{ "protectedRegions": "protected" }""", "missing param 'adequateRegions'")]
    [InlineData("cross-border-data-transfer", """{ "protectedRegions": "protected", "adequateRegions": "nope" }""", "unknown list name 'nope'")]
    [InlineData("pii-in-text", """{ "kinds": ["passport"] }""", "expected card-number, iban, ssn or email")]
    public void Bad_params_are_refused_with_file_line_and_reason(string kind, string parameters, string reason)
    {
        var rule = Rule("xx-bad", kind, parameters);
        var text = Pack(Rule("xx-ok", "pii-in-text", "{}"), rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        Assert.Equal(file, e.FilePath);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        if (!reason.Contains("ISO 3166", StringComparison.Ordinal))
            Assert.Equal(PackText.LineOf(text, "xx-bad"), e.Line);
    }
}
