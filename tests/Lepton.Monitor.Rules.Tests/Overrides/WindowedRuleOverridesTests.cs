using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Overrides;

/// <summary>Tenant overrides of the new kinds: windows, counts, limits, floors, thresholds, severities, enabled.</summary>
public sealed class WindowedRuleOverridesTests
{
    private static RulePack Us(string ruleId, RuleOverride o) =>
        ShippedPacks.Get("US").WithOverrides(new RuleOverrides(new Dictionary<string, RuleOverride> { [ruleId] = o }));

    private static T Params<T>(RulePack pack, string id) where T : RuleParameters => (T)pack.FindRule(id)!.Parameters;

    [Theory]
    [InlineData("PT30M", 1_800)]
    [InlineData("P2D", 172_800)]
    [InlineData("900", 900)]
    public void Window_is_an_iso_duration_or_seconds(string window, int seconds)
    {
        var pack = Us("us-cash-structuring", new RuleOverride(Window: window));

        Assert.Equal(TimeSpan.FromSeconds(seconds), Params<StructuringParameters>(pack, "us-cash-structuring").Window);
    }

    [Fact]
    public void Structuring_threshold_floor_and_count_can_change()
    {
        var pack = Us("us-cash-structuring", new RuleOverride(Threshold: 5_000m, Floor: 3_000m, MinCount: 2));

        var p = Params<StructuringParameters>(pack, "us-cash-structuring");
        Assert.Equal((5_000m, 3_000m, 2), (p.Threshold, p.Floor, p.MinCount));
        var run = new WindowRecords(new RuleEngine(pack, TestRates.Exact));
        Assert.Empty(run.Cash(0, 3_000m));
        Assert.Single(run.Cash(1, 3_000m));
    }

    [Fact]
    public void Velocity_count_amount_and_window_can_change()
    {
        var pack = Us("us-velocity-burst", new RuleOverride(Window: "PT1H", MaxCount: 3, MaxAmount: 50_000m, Severity: Severity.High));

        var p = Params<VelocityParameters>(pack, "us-velocity-burst");
        Assert.Equal((TimeSpan.FromHours(1), 3, 50_000m), (p.Window, p.MaxCount, p.MaxAmount));
        Assert.Equal(Severity.High, pack.FindRule("us-velocity-burst")!.Severity);
    }

    [Fact]
    public void Travel_rule_threshold_may_be_zero_and_rules_can_be_disabled()
    {
        Assert.Equal(0m, Params<TravelRuleParameters>(Us("us-travel-rule", new RuleOverride(Threshold: 0m)), "us-travel-rule").Amount);
        Assert.False(Us("us-pii-in-memo", new RuleOverride(Enabled: false)).FindRule("us-pii-in-memo")!.Enabled);
    }

    [Theory]
    [InlineData("us-cash-structuring", "window", "P1M")]
    [InlineData("us-cash-structuring", "window", "0")]
    [InlineData("us-velocity-burst", "window", "P32D")]
    [InlineData("us-cash-structuring", "minCount", 1)]
    [InlineData("us-cash-structuring", "floor", 10_000)]
    [InlineData("us-velocity-burst", "maxCount", 0)]
    [InlineData("us-velocity-burst", "maxAmount", 0)]
    [InlineData("us-travel-rule", "threshold", -1)]
    [InlineData("us-high-risk-country", "window", "PT1H")]
    [InlineData("us-travel-rule", "minCount", 3)]
    [InlineData("us-pii-in-memo", "maxCount", 3)]
    [InlineData("us-data-transfer", "threshold", 3)]
    public void A_bad_override_names_rule_and_field(string ruleId, string field, object value)
    {
        var o = field switch
        {
            "window" => new RuleOverride(Window: (string)value),
            "minCount" => new RuleOverride(MinCount: (int)value),
            "floor" => new RuleOverride(Floor: (int)value),
            "maxCount" => new RuleOverride(MaxCount: (int)value),
            "maxAmount" => new RuleOverride(MaxAmount: (int)value),
            _ => new RuleOverride(Threshold: (int)value),
        };

        var e = Assert.Throws<ArgumentException>(() => Us(ruleId, o));

        Assert.Contains($"rule '{ruleId}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_fields_read_from_tenant_json_with_window_as_text_or_seconds()
    {
        const string json = """
            { "rules": {
                "us-cash-structuring": { "window": "PT12H", "minCount": 4, "floor": 7000, "threshold": 9000 },
                "us-velocity-burst": { "window": 1800, "maxCount": 30, "maxAmount": 250000, "severity": "high" },
                "us-travel-rule": { "threshold": 1000 } } }
            """;

        var overrides = JsonSerializer.Deserialize<RuleOverrides>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(new RuleOverride(Threshold: 9000m, Window: "PT12H", Floor: 7000m, MinCount: 4), overrides.Rules["us-cash-structuring"]);
        Assert.Equal(new RuleOverride(Severity: Severity.High, Window: "1800", MaxCount: 30, MaxAmount: 250_000m), overrides.Rules["us-velocity-burst"]);
        var pack = ShippedPacks.Get("US").WithOverrides(overrides);
        Assert.Equal(TimeSpan.FromMinutes(30), Params<VelocityParameters>(pack, "us-velocity-burst").Window);
        Assert.Equal(1000m, Params<TravelRuleParameters>(pack, "us-travel-rule").Amount);
    }
}
