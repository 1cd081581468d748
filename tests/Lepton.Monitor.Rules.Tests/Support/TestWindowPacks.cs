using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules.Tests.Support;

/// <summary>Hand-built windowed rules with round numbers, for boundary tests the shipped packs cannot express.</summary>
internal static class TestWindowPacks
{
    public static RuleDefinition Structuring(
        decimal threshold = 1000m, decimal floor = 100m, int minCount = 3, TimeSpan? window = null,
        ThresholdOperator op = ThresholdOperator.GreaterOrEqual, string? currency = null) =>
        new("tt-structuring", Severity.High, "Test Act s. 3", null, true,
            new StructuringParameters(threshold, floor, minCount, window ?? TimeSpan.FromHours(1), op, [PaymentChannel.Cash], currency));

    public static RuleDefinition Velocity(int? maxCount = null, decimal? maxAmount = null, TimeSpan? window = null) =>
        new("tt-velocity", Severity.Medium, "Test Act s. 4", null, true,
            new VelocityParameters(window ?? TimeSpan.FromMinutes(10), maxCount, maxAmount, [PaymentChannel.Cash, PaymentChannel.Card], null));

    public static RuleEngine Engine(params RuleDefinition[] rules) => new(TestPacks.With("USD", rules), TestRates.Exact);
}
