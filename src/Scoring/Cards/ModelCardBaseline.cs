namespace Lepton.Monitor.Scoring;

/// <summary>
/// Reference distributions for drift monitoring: per-feature statistics of the training rows and the score
/// distribution of the held-out rows. All <c>Quantiles</c> arrays align with <see cref="QuantileLevels"/>.
/// </summary>
public sealed record ModelCardBaseline
{
    public required IReadOnlyList<double> QuantileLevels { get; init; }

    /// <summary>One entry per feature, in input order.</summary>
    public required IReadOnlyList<FeatureBaseline> Features { get; init; }
    public required ScoreBaseline Score { get; init; }
}
