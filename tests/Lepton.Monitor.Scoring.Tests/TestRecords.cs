using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>Hand-built and generated records shared by the tests.</summary>
internal static class TestRecords
{
    /// <summary>The shipped model, copied into the test output by the Scoring project.</summary>
    public static string ShippedModelPath => Path.Combine(AppContext.BaseDirectory, "onnx", ScoringOptions.DefaultModelFileName);

    /// <summary>The shipped gradient-boosted model (same feature contract).</summary>
    public static string ShippedGbdtModelPath => Path.Combine(AppContext.BaseDirectory, "onnx", "lepton-risk-gbdt-1.0.0.onnx");

    /// <summary>Both shipped families, for theories that must hold for each.</summary>
    public static TheoryData<string> ShippedModels => new() { ShippedModelPath, ShippedGbdtModelPath };

    public static MonitoredRecord Create(
        decimal amount = 120m,
        string currency = "USD",
        PaymentChannel channel = PaymentChannel.Card,
        Party? originator = null,
        Party? beneficiary = null,
        DateTimeOffset? timestamp = null,
        string? memo = null,
        IReadOnlyDictionary<string, double>? features = null,
        string id = "tx-1") =>
        new(id, "acme", timestamp ?? new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero), amount, currency, channel,
            originator ?? new Party("acct-1", "name-1", "US", "cust-1"),
            beneficiary ?? new Party("acct-2", "name-2", "US", null),
            null, null, null, memo, null, features);

    /// <summary>Varied, realistic records from the training generator (different seed from the shipped model's).</summary>
    public static MonitoredRecord[] Generated(int count, int seed = 7) =>
        new SyntheticTransactionGenerator(seed).Generate(count).Select(l => l.Record).ToArray();
}
