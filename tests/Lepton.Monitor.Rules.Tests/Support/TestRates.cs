namespace Lepton.Monitor.Rules.Tests.Support;

/// <summary>A rate table with round numbers, so boundary amounts convert exactly and tests can state them.</summary>
internal static class TestRates
{
    /// <summary>USD 1 = EUR 0.8 = GBP 0.5 = SGD 1.25.</summary>
    public static CurrencyRates Exact { get; } = new(
        "USD",
        new DateOnly(2026, 11, 20),
        "test table",
        new Dictionary<string, decimal> { ["USD"] = 1m, ["EUR"] = 0.8m, ["GBP"] = 0.5m, ["SGD"] = 1.25m });
}
