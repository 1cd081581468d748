namespace Lepton.Monitor.Contracts;

/// <summary>
/// What one model did in a monitor since activation: records scored, mean score, hits at or above its threshold, and
/// for shadows and canaries how often its hit/no-hit verdict agreed with production on the same records.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.model-serving-stats.v1")]
public sealed record ModelServingStats(
    [property: Id(0)] string ModelId,
    [property: Id(1)] ModelStage Stage,
    [property: Id(2)] long Scored,
    [property: Id(3)] double MeanScore,
    [property: Id(4)] long Hits,
    [property: Id(5)] long ComparedWithProduction,
    [property: Id(6)] long AgreedWithProduction);
