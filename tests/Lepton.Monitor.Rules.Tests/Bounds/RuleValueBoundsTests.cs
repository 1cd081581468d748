using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Bounds;

/// <summary>
/// Issue 12 item 1: every number the rule arithmetic depends on is bounded where it enters — tenant overrides and rule
/// packs — and refused with the rule and the field, instead of being accepted and breaking a running monitor.
/// </summary>
public sealed class RuleValueBoundsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static RuleOverrides For(string ruleId, RuleOverride o) => new(new Dictionary<string, RuleOverride> { [ruleId] = o });

    public static TheoryData<string, RuleOverride, string> OutOfBound => new()
    {
        { "us-cash-ctr", new RuleOverride(Threshold: 1e17m), "threshold must be at most 1,000,000,000,000, got 100000000000000000" },
        { "us-velocity-burst", new RuleOverride(MaxAmount: 1e17m), "maxAmount must be at most 1,000,000,000,000" },
        { "us-cash-structuring", new RuleOverride(Threshold: 1e17m, Floor: 1m), "threshold must be at most 1,000,000,000,000" },
        { "us-travel-rule", new RuleOverride(Threshold: 1e17m), "threshold must be at most 1,000,000,000,000" },
        { "us-cash-structuring", new RuleOverride(MinCount: 20_000), "minCount must be from 2 to 10000, got 20000" },
        { "us-velocity-burst", new RuleOverride(MaxCount: 2_000_000), "maxCount must be from 1 to 1000000, got 2000000" },
        { "us-cash-ctr", new RuleOverride(Threshold: 10_000.00001m), "threshold must have at most 4 decimal places" },
    };

    [Theory]
    [MemberData(nameof(OutOfBound))]
    public void An_override_beyond_the_bound_is_refused_naming_rule_and_field(string ruleId, RuleOverride o, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => ShippedPacks.Get("US").WithOverrides(For(ruleId, o)));

        Assert.StartsWith($"override for rule '{ruleId}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_at_the_bound_is_accepted_and_the_monitor_computes_with_it()
    {
        var pack = ShippedPacks.Get("US").WithOverrides(new RuleOverrides(new Dictionary<string, RuleOverride>
        {
            ["us-cash-ctr"] = new(Threshold: AmountBounds.MaxAmount),
            ["us-velocity-burst"] = new(MaxAmount: AmountBounds.MaxAmount),
        }));

        var engine = new RuleEngine(pack, TestRates.Exact);

        Assert.Equal(AmountBounds.MaxAmount, ((ThresholdParameters)pack.FindRule("us-cash-ctr")!.Parameters).Amount);
        Assert.NotNull(engine);
    }

    [Fact]
    public void A_window_override_too_large_to_compute_is_refused_not_thrown_as_an_overflow()
    {
        // The number of weeks times seconds per week overflowed decimal inside DurationText.TryParse.
        var e = Assert.Throws<ArgumentException>(() =>
            ShippedPacks.Get("US").WithOverrides(For("us-velocity-burst", new RuleOverride(Window: "P99999999999999999999999999W"))));

        Assert.Contains("override for rule 'us-velocity-burst': window", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "id": "xx-big", "kind": "threshold", "severity": "high", "legalSource": "Test Act s. 1", "params": { "amount": 1e17 } }""", "amount")]
    [InlineData("""{ "id": "xx-big", "kind": "velocity", "severity": "high", "legalSource": "Test Act s. 1", "params": { "window": "PT10M", "maxAmount": 1e17 } }""", "maxAmount")]
    [InlineData("""{ "id": "xx-big", "kind": "structuring", "severity": "high", "legalSource": "Test Act s. 1", "params": { "threshold": 1e17, "floor": 1, "minCount": 3, "window": "P1D" } }""", "threshold")]
    public void A_pack_amount_beyond_the_bound_is_refused_naming_rule_and_param(string rule, string param)
    {
        var file = _folder.Write("XX.json", PackText.Pack("XX", rule));

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        Assert.Contains("xx-big", e.Message, StringComparison.Ordinal);
        Assert.Contains($"param '{param}' must be at most 1,000,000,000,000", e.Message, StringComparison.Ordinal);
    }
}
