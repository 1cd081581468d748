using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules.Tests.Support;

/// <summary>Small hand-built packs for rule tests that need a shape the shipped packs do not have.</summary>
internal static class TestPacks
{
    public static RulePack With(string currency, params RuleDefinition[] rules) =>
        new("TT", "test pack", currency, "1", new Dictionary<string, ReferenceList>(), rules);

    public static RuleDefinition Threshold(
        decimal amount,
        ThresholdOperator op = ThresholdOperator.GreaterOrEqual,
        string id = "tt-threshold",
        string? currency = null,
        params PaymentChannel[] channels) =>
        new(id, Severity.High, "Test Act s. 1", null, true,
            new ThresholdParameters(amount, op, channels.Length == 0 ? [PaymentChannel.Cash] : channels, currency));
}
