namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// A tenant's weights: whole percentages per factor family (summing to 100) and relative integer weights of
/// indicators inside their family (default 1 each). Checked by <see cref="PostureWeightsValidator"/> before use.
/// </summary>
public sealed record PostureWeights
{
    public required IReadOnlyDictionary<RiskFactorFamily, int> Families { get; init; }

    /// <summary>Indicator id → relative weight in its family; absent ids weigh <see cref="DefaultIndicatorWeight"/>.</summary>
    public IReadOnlyDictionary<string, int> Indicators { get; init; } = new Dictionary<string, int>();

    public const int DefaultIndicatorWeight = 1;

    /// <summary>Equal family weights, every indicator 1: the default until a tenant sets its own.</summary>
    public static PostureWeights Default { get; } = new()
    {
        Families = new Dictionary<RiskFactorFamily, int>
        {
            [RiskFactorFamily.Customers] = 25,
            [RiskFactorFamily.ProductsTransactions] = 25,
            [RiskFactorFamily.Channels] = 25,
            [RiskFactorFamily.Geography] = 25,
        },
    };

    public int WeightOf(string indicatorId) => Indicators.GetValueOrDefault(indicatorId, DefaultIndicatorWeight);
}
