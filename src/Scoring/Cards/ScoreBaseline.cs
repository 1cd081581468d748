namespace Lepton.Monitor.Scoring;

/// <summary>Held-out score distribution of the model.</summary>
public sealed record ScoreBaseline
{
    public required double Mean { get; init; }
    public required double Std { get; init; }
    public required IReadOnlyList<double> Quantiles { get; init; }

    /// <summary>Share of held-out rows at or above the serving threshold (expected model-hit rate).</summary>
    public required double AlertRate { get; init; }
}
