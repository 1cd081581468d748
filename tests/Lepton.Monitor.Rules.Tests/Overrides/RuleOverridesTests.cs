using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Overrides;

public sealed class RuleOverridesTests
{
    private static RuleOverrides For(string ruleId, RuleOverride o) => new(new Dictionary<string, RuleOverride> { [ruleId] = o });

    private static List<AlertCandidate> Run(RulePack pack, MonitoredRecord record, ModelScore? score = null)
    {
        var output = new List<AlertCandidate>();
        new RuleEngine(pack, TestRates.Exact).Evaluate("acme", [record], [score], output);
        return output;
    }

    [Fact]
    public void Threshold_override_changes_the_amount_and_leaves_the_shipped_pack_alone()
    {
        var shipped = ShippedPacks.Get("US");

        var tenant = shipped.WithOverrides(For("us-cash-ctr", new RuleOverride(Threshold: 5000m)));

        Assert.Single(Run(tenant, TestRecords.Cash(6000m)));
        Assert.Empty(Run(shipped, TestRecords.Cash(6000m)));
        Assert.Equal(10000m, ((ThresholdParameters)shipped.FindRule("us-cash-ctr")!.Parameters).Amount);
        Assert.Contains("5,000.00 USD", Run(tenant, TestRecords.Cash(6000m))[0].Explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_threshold_override_changes_the_score_threshold()
    {
        var tenant = ShippedPacks.Get("US").WithOverrides(For("us-model-risk", new RuleOverride(Threshold: 0.3m)));
        var card = TestRecords.Make(10m, channel: PaymentChannel.Card);

        var hit = Assert.Single(Run(tenant, card, new ModelScore(0.4, "m1", null)));

        Assert.Equal(0.3, hit.Explanation.Model!.Threshold);
        Assert.Empty(Run(ShippedPacks.Get("US"), card, new ModelScore(0.4, "m1", null)));
    }

    [Fact]
    public void Severity_override_is_carried_by_the_candidates()
    {
        var tenant = ShippedPacks.Get("US").WithOverrides(For("us-cash-ctr", new RuleOverride(Severity: Severity.Critical)));

        Assert.Equal(Severity.Critical, Assert.Single(Run(tenant, TestRecords.Cash(20_000m))).Severity);
    }

    [Fact]
    public void Disabled_rule_is_not_evaluated()
    {
        var tenant = ShippedPacks.Get("US").WithOverrides(For("us-sanctioned-country", new RuleOverride(Enabled: false)));

        Assert.DoesNotContain(Run(tenant, TestRecords.Make(to: "IR")), c => c.RuleId == "us-sanctioned-country");
        Assert.Contains(Run(ShippedPacks.Get("US"), TestRecords.Make(to: "IR")), c => c.RuleId == "us-sanctioned-country");
        Assert.False(tenant.FindRule("us-sanctioned-country")!.Enabled);
        Assert.DoesNotContain("us-sanctioned-country", new RuleEngine(tenant, TestRates.Exact).Rules.Select(r => r.Definition.Id));
    }

    [Theory]
    [InlineData("us-sanctioned-country", 5, "has no threshold")]
    [InlineData("us-cash-ctr", 0, "must be > 0")]
    [InlineData("us-model-risk", 1.5, "within 0..1")]
    public void Override_that_does_not_fit_its_rule_is_refused(string ruleId, decimal threshold, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            ShippedPacks.Get("US").WithOverrides(For(ruleId, new RuleOverride(Threshold: threshold))));

        Assert.Contains(ruleId, e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_for_other_packs_are_ignored_but_typos_can_be_found()
    {
        var overrides = new RuleOverrides(new Dictionary<string, RuleOverride>
        {
            ["eu-cash-large"] = new(Threshold: 1m),
            ["us-cash-crt"] = new(Enabled: false),
        });

        var us = ShippedPacks.Get("US").WithOverrides(overrides);

        Assert.Single(Run(us, TestRecords.Cash(20_000m)));
        Assert.Equal(["us-cash-crt"], ShippedPacks.Set.FindUnknownRuleIds(overrides));
    }

    [Fact]
    public void Empty_overrides_return_the_same_pack()
    {
        var pack = ShippedPacks.Get("GB");

        Assert.Same(pack, pack.WithOverrides(RuleOverrides.Empty));
    }

    [Fact]
    public void Overrides_read_from_tenant_json()
    {
        const string json = """{ "rules": { "us-cash-ctr": { "threshold": 5000, "severity": "critical" }, "us-model-risk": { "enabled": false } } }""";

        var overrides = JsonSerializer.Deserialize<RuleOverrides>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(new RuleOverride(null, 5000m, Severity.Critical), overrides.Rules["us-cash-ctr"]);
        Assert.Equal(new RuleOverride(Enabled: false), overrides.Rules["us-model-risk"]);
    }
}
