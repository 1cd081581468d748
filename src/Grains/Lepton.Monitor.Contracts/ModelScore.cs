namespace Lepton.Monitor.Contracts;

/// <summary>A model's verdict on one record: probability of risk, the model version, and (for alerts) why.</summary>
[GenerateSerializer, Immutable, Alias("lepton.model-score.v1")]
public sealed record ModelScore(
    [property: Id(0)] double Score,
    [property: Id(1)] string ModelVersion,
    [property: Id(2)] FeatureContribution[]? Contributions);
