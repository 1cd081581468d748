namespace Lepton.Monitor.Scoring;

/// <summary>Training distribution of one feature. For 0/1 features <see cref="Mean"/> is the rate of ones.</summary>
public sealed record FeatureBaseline
{
    public required string Name { get; init; }
    public required double Mean { get; init; }
    public required double Std { get; init; }
    public required double Min { get; init; }
    public required double Max { get; init; }
    public required IReadOnlyList<double> Quantiles { get; init; }
}
