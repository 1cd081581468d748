namespace Lepton.Monitor.Rules.Tests.Support;

/// <summary>The packs and rates as shipped, loaded once from the test's output folder.</summary>
internal static class ShippedPacks
{
    private static readonly Lazy<RulePackSet> LazySet = new(RulePackSet.LoadDefault);

    public static RulePackSet Set => LazySet.Value;

    public static RulePack Get(string jurisdiction) => Set.Get(jurisdiction);

    /// <summary>An engine for a shipped pack over the exact test rates.</summary>
    public static RuleEngine Engine(string jurisdiction) => new(Get(jurisdiction), TestRates.Exact);
}
